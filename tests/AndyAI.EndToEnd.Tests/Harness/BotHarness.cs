using System.Collections;
using System.Text;
using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;
using AndyAI.Host.Hosting;

namespace AndyAI.EndToEnd.Tests.Harness;

/// <summary>
/// The whole bot, in-process and for real: a Discord emulator and an OpenAI fake on 127.0.0.1, and
/// <see cref="AndyAIHost.RunAsync"/> configured through its environment (DISCORD_API_TOKEN, OPENAI_BASE_URL,
/// PLUGINS_CONFIG…) with a temporary plugins folder holding real cog builds. <see cref="StartAsync"/> returns once
/// the bot answers <c>!cogs</c> with every expected cog in its expected state.
/// </summary>
internal sealed class BotHarness : IAsyncDisposable
{
    /// <summary>The hang guard for every wait (never a timing assertion).</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private CancellationTokenSource _stop = new();
    private StringWriter _stderr = new();
    private BotSetup? _setup;
    private Task<int>? _run;
    private int _markers;

    private BotHarness(DiscordEmulator discord, OpenAiFakeServer llm, string root)
    {
        Discord = discord;
        Llm = llm;
        Root = root;
    }

    public DiscordEmulator Discord { get; }

    public OpenAiFakeServer Llm { get; }

    /// <summary>The temporary bot folder: plugins/, plugins.json, data/, logs/, shadow/.</summary>
    public string Root { get; }

    public string PluginsDirectory => Path.Combine(Root, "plugins");

    public string PluginsConfigPath => Path.Combine(Root, "plugins.json");

    public string LogFile => Path.Combine(Root, "logs", "andyai.log");

    /// <summary>A user in ADMIN_USER_IDS that the harness uses to ask <c>!cogs</c>; tests may use it as an owner.</summary>
    public ulong AdminUserId { get; private set; }

    /// <summary>The channel the harness's own <c>!cogs</c> checks go to, away from the tests' channels.</summary>
    public ulong ControlChannelId { get; private set; }

    /// <summary>The channel <see cref="PassMarkersAsync"/> posts its markers to, away from the tests' channels.</summary>
    public ulong MarkerChannelId { get; private set; }

    public ulong BotUserId => Discord.BotUserId;

    /// <summary><c>&lt;@botId&gt;</c>.</summary>
    public string Mention => $"<@{Discord.BotUserId}>";

    public static async Task<BotHarness> StartAsync(BotSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        string root = Path.Combine(Path.GetTempPath(), "andyai-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        Directory.CreateDirectory(Path.Combine(root, "logs"));

        DiscordEmulator discord = await DiscordEmulator.StartAsync(new EmulatorOptions());
        OpenAiFakeServer llm;
        try
        {
            llm = await OpenAiFakeServer.StartAsync(setup.LlmOptions);
        }
        catch
        {
            await discord.DisposeAsync();
            throw;
        }

        var harness = new BotHarness(discord, llm, root);
        try
        {
            await harness.RunAsync(setup);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    private async Task RunAsync(BotSetup setup)
    {
        AdminUserId = Discord.CreateUser("e2e-admin");
        Discord.AddMember(Discord.DefaultGuildId, AdminUserId);
        ControlChannelId = Discord.CreateTextChannel(Discord.DefaultGuildId, "e2e-control");
        MarkerChannelId = Discord.CreateTextChannel(Discord.DefaultGuildId, "e2e-markers");
        setup.ConfigureWorld?.Invoke(Discord);

        foreach ((string project, string folder) in setup.Cogs)
        {
            CopyCog(project, folder);
        }

        await File.WriteAllTextAsync(PluginsConfigPath, PluginsJson(setup));
        setup.BeforeStart?.Invoke(this);
        _setup = setup;
        await StartHostAsync(setup);
    }

    /// <summary>
    /// Stops the host as SIGTERM would (it must exit 0) and starts a new one on the same folder (plugins, data and
    /// its database, logs) and the same emulator and model fake: a restart of the bot process.
    /// </summary>
    public async Task RestartAsync()
    {
        int exitCode = await StopHostAsync();
        Assert.That(exitCode, Is.Zero, $"the host's exit code at the restart: {_stderr}");
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        _stderr = new StringWriter();
        await StartHostAsync(_setup!);
    }

    private async Task StartHostAsync(BotSetup setup)
    {
        var environment = new Hashtable
        {
            ["DISCORD_API_TOKEN"] = Discord.BotToken,
            ["DISCORD_API_BASE_URL"] = Discord.RestBaseUrl,
            ["OPENAI_API_KEY"] = "e2e-test-key",
            ["OPENAI_BASE_URL"] = (setup.LlmBaseUrlOverride ?? Llm.BaseUrl).ToString(),
            ["OPENAI_MODEL"] = "gpt-4o-mini",
            ["ADMIN_USER_IDS"] = AdminUserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PLUGINS_CONFIG"] = PluginsConfigPath,
            ["LOG_LEVEL"] = "Information",
            ["LOG_FILE"] = LogFile,
            ["Plugins__ShadowCopyDirectory"] = Path.Combine(Root, "shadow"),
        };
        foreach ((string name, string value) in setup.Environment)
        {
            environment[name] = value;
        }

        // A restarted host identifies on a new connection: wait for that connection's READY, not an earlier one.
        long lastConnection = Discord.Frames.Select(f => f.ConnectionId).DefaultIfEmpty(0).Max();
        _run = Task.Run(() => AndyAIHost.RunAsync([], environment, _stderr, _stop.Token));
        if (setup.BeforeReady is { } beforeReady)
        {
            await beforeReady(this);
        }

        Task ready = Discord.WaitForFrameAsync(
            f => f.Direction == FrameDirection.Sent && f.EventName == "READY" && f.ConnectionId > lastConnection, HangGuard);
        if (await Task.WhenAny(ready, _run) != ready)
        {
            await HostStoppedAsync();
        }

        await ready;
        await WaitUntilReadyAsync(setup.ReadyWhen);
    }

    /// <summary>The host stopped on its own while starting: fail with its exit code and stderr.</summary>
    private async Task HostStoppedAsync()
    {
        int exitCode = await _run!;
        throw new InvalidOperationException($"The host stopped during start with exit code {exitCode}: {_stderr}");
    }

    private async Task WaitUntilReadyAsync(IReadOnlyList<(string Cog, string State)> expected)
    {
        DateTime deadline = DateTime.UtcNow + HangGuard;
        string last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            if (_run!.IsCompleted)
            {
                await HostStoppedAsync();
            }

            EmulatorMessage question = await Discord.PostMessageAsync(AdminUserId, ControlChannelId, "!cogs");
            try
            {
                EmulatorMessage answer = await Discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == question.Id, TimeSpan.FromSeconds(2));
                last = answer.Content;
                if (expected.All(e => CogLine(last, e.Cog)?.Contains(": " + e.State, StringComparison.Ordinal) == true))
                {
                    return;
                }
            }
            catch (TimeoutException)
            {
                // The command dispatcher subscribes after the gateway is ready; ask again.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The bot was not ready within {HangGuard}: last !cogs answer was: {last}\n{_stderr}");
    }

    /// <summary>The line of a <c>!cogs</c> listing about <paramref name="cog"/>, or null.</summary>
    public static string? CogLine(string listing, string cog) =>
        listing.Split('\n').FirstOrDefault(l => l.StartsWith(cog + " ", StringComparison.Ordinal) || l.StartsWith(cog + ":", StringComparison.Ordinal));

    internal static string PluginsJson(BotSetup setup)
    {
        var json = new StringBuilder();
        json.Append("{\n  \"pluginsDirectory\": \"plugins\",\n  \"dataDirectory\": \"data\",\n  \"watch\": false,\n");
        json.Append("  \"loadOrder\": [").Append(string.Join(", ", setup.LoadOrder.Select(n => $"\"{n}\""))).Append("],\n");
        json.Append("  \"cogs\": {");
        json.Append(string.Join(",", setup.Settings.Select(s => $"\n    \"{s.Key}\": {{ \"enabled\": true, \"settings\": {s.Value} }}")));
        json.Append("\n  }\n}\n");
        return json.ToString();
    }

    /// <summary>The build output of a cog project (product or test cog), copied next to the tests at build time.</summary>
    public static string CogBuild(string project)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "E2ECogs", project);
        if (!Directory.Exists(directory))
        {
            Assert.Fail($"cog project {project} was not built into {directory}");
        }

        return directory;
    }

    /// <summary>
    /// Places a cog build in plugins/&lt;folder&gt;/, replacing what is there. Old files are deleted before the copy:
    /// the host loads from a shadow copy, but deleting first is safe even for a file-backed load.
    /// </summary>
    public void CopyCog(string project, string folder)
    {
        string target = Path.Combine(PluginsDirectory, folder);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(CogBuild(project)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    /// <summary>A new text channel in the default guild, so a test's recordings are its own.</summary>
    public ulong NewChannel(string name) => Discord.CreateTextChannel(Discord.DefaultGuildId, name);

    /// <summary>Posts as a user (MESSAGE_CREATE to the bot).</summary>
    public Task<EmulatorMessage> PostAsync(ulong authorId, ulong channelId, string content, ulong? replyTo = null) =>
        Discord.PostMessageAsync(authorId, channelId, content, replyTo);

    /// <summary>The bot's messages that reply to <paramref name="questionId"/>, oldest first.</summary>
    public IReadOnlyList<EmulatorMessage> RepliesTo(ulong questionId) =>
        [.. Discord.BotMessages.Where(m => m.ReferencedMessageId == questionId).OrderBy(m => m.Id)];

    /// <summary>Waits for a reply to <paramref name="questionId"/> matching <paramref name="predicate"/> (any reply when null); edits count.</summary>
    public Task<EmulatorMessage> WaitForReplyAsync(ulong questionId, Func<EmulatorMessage, bool>? predicate = null) =>
        Discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == questionId && (predicate is null || predicate(m)), HangGuard);

    /// <summary>Waits until the replies to <paramref name="questionId"/>, joined, read exactly <paramref name="expected"/>.</summary>
    public async Task<IReadOnlyList<EmulatorMessage>> WaitForAnswerAsync(ulong questionId, string expected, TimeSpan? timeout = null)
    {
        TimeSpan guard = timeout ?? HangGuard;
        DateTime deadline = DateTime.UtcNow + guard;
        while (true)
        {
            IReadOnlyList<EmulatorMessage> replies = RepliesTo(questionId);
            if (replies.Count > 0 && string.Concat(replies.Select(r => r.Content)) == expected)
            {
                return replies;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no complete answer to {questionId} within {guard}; replies so far: {string.Join(" | ", replies.Select(r => r.Content))}");
            }

            try
            {
                await Discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == questionId && !replies.Contains(m), TimeSpan.FromMilliseconds(250));
            }
            catch (TimeoutException)
            {
                // re-check: an edit of a known reply does not make a new match
            }
        }
    }

    /// <summary>Posts and waits for the first reply.</summary>
    public async Task<EmulatorMessage> AskAsync(ulong authorId, ulong channelId, string content, ulong? replyTo = null)
    {
        EmulatorMessage question = await PostAsync(authorId, channelId, content, replyTo);
        return await WaitForReplyAsync(question.Id);
    }

    /// <summary>
    /// Returns once the bot has taken every message posted before this call off the queues named by
    /// <paramref name="through"/> and made, for each, every decision those subscribers make before their first
    /// await. Ignoring a message (not for the bot, from a bot, no known command, a duplicate delivery, a command for
    /// the dispatcher) is such a decision, so "the bot ignored X" holds for good once this returns, without a
    /// wall-clock wait.
    /// </summary>
    /// <remarks>
    /// <para>Why it holds: the emulator has one gateway connection, so the bot receives MESSAGE_CREATEs in posting
    /// order, whatever the channel; the Discord client posts each one to every interested subscriber's queue at
    /// once; each subscriber handles its queue one message at a time; and the decisions above are synchronous in
    /// <c>CommandDispatcher.HandleMessageAsync</c> and <c>MentionResponder.HandleAsync</c>. A marker answered by a
    /// subscriber was dequeued after every earlier message.</para>
    /// <para>Work a subscriber detaches for a message (a command, an answer) has started by then, not necessarily
    /// ended. So the markers take the same detached path that a wrong answer to X would: a command (<c>!help</c>, no
    /// cooldown) and a question for the model; X's work began first, so a wrong answer shows up before the markers'
    /// in practice, and the tests' later checks see a late one.</para>
    /// <para>Markers come from a new user each time (no cooldown, no per-user bucket) and go to
    /// <see cref="MarkerChannelId"/>; their prompts start with <see cref="MarkerPrompt"/> and are unique (never
    /// served from the cache): count model requests with <see cref="ChatRequestCountWithoutMarkers"/>.</para>
    /// </remarks>
    public async Task PassMarkersAsync(MessageQueues through = MessageQueues.All)
    {
        ulong author = Discord.CreateUser("e2e-marker");
        Discord.AddMember(Discord.DefaultGuildId, author);
        var replies = new List<Task>();
        if (through.HasFlag(MessageQueues.Commands))
        {
            EmulatorMessage help = await PostAsync(author, MarkerChannelId, "!help");
            replies.Add(WaitForReplyAsync(help.Id));
        }

        if (through.HasFlag(MessageQueues.MessageHandler))
        {
            string prompt = MarkerPrompt + Interlocked.Increment(ref _markers).ToString(System.Globalization.CultureInfo.InvariantCulture);
            EmulatorMessage question = await PostAsync(author, MarkerChannelId, $"{Mention} {prompt}");
            replies.Add(WaitForAnswerAsync(question.Id, "echo: " + prompt));
        }

        await Task.WhenAll(replies);
    }

    /// <summary>How the prompts of <see cref="PassMarkersAsync"/>'s questions start.</summary>
    public const string MarkerPrompt = "e2e marker ";

    /// <summary>Chat requests the model received, without those of <see cref="PassMarkersAsync"/>.</summary>
    public int ChatRequestCountWithoutMarkers =>
        Llm.Requests.Count(r => r.Chat is not null && r.Chat.LastUserMessage?.StartsWith(MarkerPrompt, StringComparison.Ordinal) != true);

    /// <summary>
    /// What the bot has sent to <paramref name="channelId"/> once markers have passed <paramref name="through"/>
    /// (see <see cref="PassMarkersAsync"/>): for a message the bot ignores, this is final.
    /// </summary>
    public async Task<IReadOnlyList<EmulatorMessage>> SentToChannelAfterMarkersAsync(ulong channelId, MessageQueues through = MessageQueues.All)
    {
        await PassMarkersAsync(through);
        return [.. Discord.BotMessages.Where(m => m.ChannelId == channelId)];
    }

    /// <summary>Waits until the log file has a line matching <paramref name="predicate"/> (NLog writes asynchronously).</summary>
    public async Task<string> WaitForLogLineAsync(Func<string, bool> predicate)
    {
        DateTime deadline = DateTime.UtcNow + HangGuard;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(LogFile))
            {
                string text;
                using (var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var reader = new StreamReader(stream))
                {
                    text = await reader.ReadToEndAsync();
                }

                string? line = text.Split('\n').FirstOrDefault(predicate);
                if (line is not null)
                {
                    return line;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no matching line in {LogFile} within {HangGuard}");
        return "";
    }

    /// <summary>The HTTP listener's address (with HTTP_ADDRESS port 0, the one Kestrel picked), from its start line in the log.</summary>
    public async Task<Uri> ListenerAddressAsync()
    {
        string line = await WaitForLogLineAsync(l => l.Contains("HTTP listener on ", StringComparison.Ordinal));
        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(line, @"HTTP listener on (http://\S+?/):");
        Assert.That(match.Success, Is.True, line);
        return new Uri(match.Groups[1].Value);
    }

    /// <summary>Sends a command as <paramref name="userId"/> in <paramref name="channelId"/> and returns the bot's reply text.</summary>
    public async Task<string> CommandAsync(ulong userId, ulong channelId, string command) =>
        (await AskAsync(userId, channelId, command)).Content;

    /// <summary>Stops the host as SIGTERM would and returns its exit code.</summary>
    public async Task<int> StopHostAsync()
    {
        await _stop.CancelAsync();
        return await _run!.WaitAsync(HangGuard);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                int exitCode = await _run.WaitAsync(HangGuard);
                if (exitCode != 0)
                {
                    TestContext.Out.WriteLine($"host exit code {exitCode}: {_stderr}");
                }
            }
            catch (Exception ex)
            {
                TestContext.Out.WriteLine($"host did not stop cleanly: {ex}");
            }
        }

        await Llm.DisposeAsync();
        await Discord.DisposeAsync();
        _stop.Dispose();
        if (System.Environment.GetEnvironmentVariable("ANDYAI_E2E_KEEP") == "1")
        {
            TestContext.Progress.WriteLine($"kept the bot folder (logs, plugins.json): {Root}");
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
