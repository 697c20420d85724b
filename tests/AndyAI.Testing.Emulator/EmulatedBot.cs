using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;

namespace AndyAI.Testing.Emulator;

/// <summary>
/// The real AndyAI bot, with your cog loaded, against a local Discord emulator and an OpenAI-compatible fake, all on
/// 127.0.0.1: for a test that sends a message (or a slash command) and checks what the bot answers. The bot runs as a
/// child process (the host this package carries), exactly as in production: its own plugins folder, database and log
/// in a temporary folder that <see cref="DisposeAsync"/> deletes after stopping it as SIGTERM would.
/// </summary>
/// <example>
/// <code>
/// await using var bot = await EmulatedBot.StartAsync(new EmulatedBotOptions { CogFolders = { EmulatedBot.CogFolder("Dice") } });
/// string answer = await bot.SendAsync("!roll 20");
/// </code>
/// </example>
public sealed class EmulatedBot : IAsyncDisposable
{
    private readonly EmulatedBotOptions _options;
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _root;

    private EmulatedBot(EmulatedBotOptions options, DiscordEmulator discord, OpenAiFakeServer llm, Process process, StringBuilder output, string root, ulong channelId, string dashboardToken)
    {
        DashboardToken = dashboardToken;
        _options = options;
        Discord = discord;
        Llm = llm;
        _process = process;
        _output = output;
        _root = root;
        ChannelId = channelId;
    }

    /// <summary>The Discord emulator: its world (guild, channels, users), recorded messages and interactions.</summary>
    public DiscordEmulator Discord { get; }

    /// <summary>The model fake the bot's LLM service talks to: its recorded requests and scripted answers.</summary>
    public OpenAiFakeServer Llm { get; }

    /// <summary>A text channel made for the test (<c>#testing</c> in the emulator's default guild).</summary>
    public ulong ChannelId { get; }

    /// <summary>A member without special rights (the emulator's Alice): who <see cref="SendAsync"/> speaks as by default.</summary>
    public ulong UserId => Discord.AliceUserId;

    /// <summary>The bot's owner (the application owner: may use <c>!reload</c>, <c>!load</c>, <c>!unload</c>, <c>!cogs</c>).</summary>
    public ulong OwnerUserId => Discord.OwnerUserId;

    /// <summary>
    /// The bot's HTTP listener with <see cref="EmulatedBotOptions.HttpListener"/> (<c>http://127.0.0.1:&lt;port&gt;/</c>):
    /// a cog's routes are under <c>cogs/&lt;Name&gt;/</c> of it. Null without the option.
    /// </summary>
    public Uri? HttpAddress { get; private set; }

    /// <summary>The bot's dashboard token: a route that is not anonymous wants <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string DashboardToken { get; }

    /// <summary>The bot's plugins folder: drop another build here and <c>!reload</c> it as an owner would.</summary>
    public string PluginsDirectory => Path.Combine(_root, "plugins");

    /// <summary>
    /// The folder the build copied a cog under test to: <c>cogs/&lt;AssemblyName&gt;</c> next to the test assembly, for a
    /// project reference marked <c>AndyAICog="true"</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder: the reference is not marked, or the name is not the cog's assembly name.</exception>
    public static string CogFolder(string assemblyName)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "cogs", assemblyName);
        return Directory.Exists(folder) ? folder
            : throw new DirectoryNotFoundException($"{folder} does not exist: mark the cog's ProjectReference with AndyAICog=\"true\" and pass its assembly name.");
    }

    /// <summary>
    /// Starts the emulator, the model fake and the bot with <paramref name="options"/>' cogs, and waits until every cog
    /// runs and the bot has registered its slash commands (so <see cref="SlashCommandAsync"/> may follow at once).
    /// </summary>
    /// <exception cref="InvalidOperationException">The bot stopped, or a cog was not running within <see cref="EmulatedBotOptions.StartTimeout"/> (the message has the bot's output).</exception>
    public static async Task<EmulatedBot> StartAsync(EmulatedBotOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The host loads plugins/<Name>/<Name>.dll and skips a folder without it, which here would only show as
        // "no cogs found" after the whole start timeout (a build output folder such as bin/Debug/net10.0 is the
        // usual slip): refuse it now, saying what is expected.
        foreach (string folder in options.CogFolders)
        {
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
            if (!File.Exists(Path.Combine(folder, name + ".dll")))
            {
                throw new ArgumentException(
                    $"The cog folder {folder} holds no {name}.dll: the bot loads a cog from a folder named after its assembly (<Name>/<Name>.dll). Pass EmulatedBot.CogFolder(\"<AssemblyName>\").",
                    nameof(options));
            }
        }

        string host = options.HostPath ?? Path.Combine(AppContext.BaseDirectory, "andyai-host", "AndyAI.Host.dll");
        if (!File.Exists(host))
        {
            throw new FileNotFoundException($"The bot host is not at {host}: reference the AndyAI.Testing.Emulator package (its build targets copy it) or set HostPath.", host);
        }

        string root = Directory.CreateTempSubdirectory("andyai-emulated-bot-").FullName;
        var cogs = new List<string>();
        foreach (string folder in options.CogFolders)
        {
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
            CopyFolder(folder, Path.Combine(root, "plugins", name));
            cogs.Add(name);
        }

        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        await File.WriteAllTextAsync(Path.Combine(root, "plugins.json"), PluginsJson(options), cancellationToken);

        DiscordEmulator discord = await DiscordEmulator.StartAsync(new EmulatorOptions(), cancellationToken);
        OpenAiFakeServer? llm = null;
        Process? process = null;
        try
        {
            llm = await OpenAiFakeServer.StartAsync(options.Llm, cancellationToken);
            ulong channel = discord.CreateTextChannel(discord.DefaultGuildId, "testing");
            var output = new StringBuilder();
            string token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            process = StartHost(host, root, discord, llm, options, token, output);
            var bot = new EmulatedBot(options, discord, llm, process, output, root, channel, token);
            await bot.WaitUntilRunningAsync(cogs, cancellationToken);
            if (options.HttpListener)
            {
                bot.HttpAddress = bot.ListenerAddress();
            }

            return bot;
        }
        catch
        {
            if (process is not null)
            {
                await StopAsync(process);
                process.Dispose();
            }

            if (llm is not null)
            {
                await llm.DisposeAsync();
            }

            await discord.DisposeAsync();
            DeleteFolder(root);
            throw;
        }
    }

    /// <summary>Posts <paramref name="content"/> as <paramref name="userId"/> (default <see cref="UserId"/>) and returns the text of the bot's reply to it.</summary>
    /// <exception cref="TimeoutException">The bot did not reply within <see cref="EmulatedBotOptions.ReplyTimeout"/>.</exception>
    public async Task<string> SendAsync(string content, ulong? userId = null, ulong? channelId = null, CancellationToken cancellationToken = default)
    {
        EmulatorMessage question = await Discord.PostMessageAsync(userId ?? UserId, channelId ?? ChannelId, content);
        EmulatorMessage reply = await Discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == question.Id, _options.ReplyTimeout, cancellationToken);
        return reply.Content;
    }

    /// <summary>
    /// Invokes slash command <paramref name="name"/> as <see cref="UserId"/> in <see cref="ChannelId"/> and returns the
    /// bot's answer: the message it posted (or edited into the deferred response), and whether only the user sees it.
    /// </summary>
    /// <exception cref="TimeoutException">The bot did not answer within <see cref="EmulatedBotOptions.ReplyTimeout"/>.</exception>
    public async Task<(string Content, bool Ephemeral)> SlashCommandAsync(string name, params EmulatorCommandOption[] options)
    {
        EmulatorInteraction invoked = await Discord.InvokeSlashCommandAsync(UserId, ChannelId, name, options);
        EmulatorInteractionResponse answered = await Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == invoked.Id && r.StatusCode < 300
                && ((r.Kind == EmulatorInteractionResponseKind.Callback && r.Type == 4) || r.Kind == EmulatorInteractionResponseKind.EditOriginal),
            _options.ReplyTimeout);
        EmulatorMessage? message = answered.MessageId is ulong id ? Discord.FindMessage(id) : null;
        return (message?.Content ?? answered.Content ?? "", message?.IsEphemeral ?? answered.IsEphemeral);
    }

    /// <summary>The bot's log so far (its log file), for a test that checks what it logged.</summary>
    public string LogText()
    {
        string file = Path.Combine(_root, "logs", "andyai.log");
        if (!File.Exists(file))
        {
            return "";
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Stops the bot as SIGTERM would (it has 30 s), then the emulator and the fake, and deletes the temporary folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process);
        _process.Dispose();
        await Llm.DisposeAsync();
        await Discord.DisposeAsync();
        DeleteFolder(_root);
    }

    private static Process StartHost(string host, string root, DiscordEmulator discord, OpenAiFakeServer llm, EmulatedBotOptions options, string dashboardToken, StringBuilder output)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        start.Environment["DISCORD_API_TOKEN"] = discord.BotToken;
        start.Environment["DISCORD_API_BASE_URL"] = discord.RestBaseUrl;
        start.Environment["OPENAI_API_KEY"] = "sk-emulated-not-a-real-key";
        start.Environment["OPENAI_BASE_URL"] = llm.BaseUrl.ToString();
        start.Environment["OPENAI_MODEL"] = "gpt-4o-mini";
        start.Environment["PLUGINS_CONFIG"] = Path.Combine(root, "plugins.json");
        start.Environment["LOG_FILE"] = Path.Combine(root, "logs", "andyai.log");
        start.Environment["LOG_LEVEL"] = "Information";
        start.Environment["HTTP_ADDRESS"] = options.HttpListener ? "http://127.0.0.1:0" : "off";
        start.Environment["DASHBOARD_TOKEN"] = dashboardToken;
        start.Environment["DATABASE_URL"] = "";
        start.Environment["REDIS_URL"] = "";
        start.Environment["Plugins__ShadowCopyDirectory"] = Path.Combine(root, "shadow");
        foreach ((string name, string value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilRunningAsync(IReadOnlyList<string> cogs, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.StartTimeout);
        string last = "(no answer to !cogs yet)";
        try
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The bot stopped during start with exit code {_process.ExitCode}:\n{Output()}");
                }

                EmulatorMessage question = await Discord.PostMessageAsync(OwnerUserId, ChannelId, "!cogs");
                try
                {
                    EmulatorMessage answer = await Discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == question.Id, TimeSpan.FromSeconds(2), deadline.Token);
                    last = answer.Content;
                    if (cogs.All(cog => IsRunning(last, cog)))
                    {
                        last += "\n(every cog runs; the bot has not registered its slash commands with the emulator yet)";
                        await WaitUntilCommandsRegisteredAsync(deadline.Token);
                        return;
                    }

                    // A cog that failed to load or start stays failed: say so now rather than at the deadline.
                    if (cogs.Select(cog => LineOf(last, cog)).FirstOrDefault(line => line?.Contains(": failed", StringComparison.Ordinal) == true) is { } failed)
                    {
                        throw new InvalidOperationException($"A cog failed to start: {failed}\nBot output:\n{Output()}");
                    }
                }
                catch (TimeoutException)
                {
                    // Not connected (or not listening for commands) yet: ask again.
                }

                await Task.Delay(200, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"The bot did not report every cog running within {_options.StartTimeout.TotalSeconds:0} s. Last !cogs: {last}\nBot output:\n{Output()}");
        }
    }

    /// <summary>
    /// Waits for the bot's first bulk registration of its slash commands (its own and those of the cogs it started
    /// with). The host sends it a moment after the cogs start (<c>Interactions:SyncDelay</c>, debounced); until then
    /// the emulator knows no command, and a test's first <see cref="SlashCommandAsync"/> would be refused as unknown.
    /// </summary>
    private async Task WaitUntilCommandsRegisteredAsync(CancellationToken cancellationToken)
    {
        while (!Discord.Requests.Any(IsCommandRegistration))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bot stopped during start with exit code {_process.ExitCode}:\n{Output()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>An answered <c>PUT /applications/{id}/commands</c> (or a guild's): the bot's command list, registered.</summary>
    private static bool IsCommandRegistration(RecordedRequest request) =>
        request.Method == "PUT" && request.Route.EndsWith("/commands", StringComparison.Ordinal) && request.StatusCode is >= 200 and < 300;

    /// <summary>Whether <c>!cogs</c> lists <paramref name="cog"/> (its folder name, or the name it reports) as running.</summary>
    private static bool IsRunning(string listing, string cog) => LineOf(listing, cog)?.Contains(": running", StringComparison.Ordinal) == true;

    /// <summary>The listener's address from its start line in the log (port 0 becomes the port the OS gave).</summary>
    private Uri ListenerAddress()
    {
        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(LogText(), @"HTTP listener on (http://\S+?/):");
        return match.Success
            ? new Uri(match.Groups[1].Value)
            : throw new InvalidOperationException($"The bot runs, but its log has no \"HTTP listener on\" line: the listener did not start.\nBot output:\n{Output()}");
    }

    /// <summary><paramref name="cog"/>'s line in a <c>!cogs</c> listing (by its folder name, or the name it reports), or null.</summary>
    private static string? LineOf(string listing, string cog) =>
        listing.Split('\n').FirstOrDefault(line =>
            line.StartsWith(cog + " ", StringComparison.OrdinalIgnoreCase) || line.StartsWith(cog + ":", StringComparison.OrdinalIgnoreCase)
            || line.Contains("(" + cog + ")", StringComparison.OrdinalIgnoreCase));

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static string PluginsJson(EmulatedBotOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("pluginsDirectory", "plugins");
            json.WriteString("dataDirectory", "data");
            json.WriteBoolean("watch", false);
            json.WriteStartObject("cogs");
            foreach ((string cog, string settings) in options.Settings)
            {
                json.WriteStartObject(cog);
                json.WriteBoolean("enabled", true);
                json.WritePropertyName("settings");
                using (JsonDocument parsed = JsonDocument.Parse(settings))
                {
                    parsed.RootElement.WriteTo(json);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                process.Kill(entireProcessTree: true);
            }
            else
            {
                using Process term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // It exited in between.
        }
    }

    private static string DotnetExecutable() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    private static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            throw new DirectoryNotFoundException($"The cog folder {from} does not exist.");
        }

        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an exiting process: it is a temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // The shadow copies are 0700 folders of ours; anything else left is in the temp folder.
        }
    }
}
