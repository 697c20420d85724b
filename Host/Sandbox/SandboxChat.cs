using System.Globalization;
using System.Text.RegularExpressions;
using AndyAI.Emulator;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// The sandbox's terminal chat: each line typed (or piped) is posted to the emulator as the application's owner in
/// the sandbox guild's #general (<c>@AndyAI</c>, <c>@alice</c>, <c>#general</c> become mentions); lines starting with
/// <c>/</c> run slash commands and lines starting with <c>:</c> are the sandbox's own commands (<see cref="HelpText"/>).
/// The bot's messages, edits and typing indicator are printed through a <see cref="SandboxTranscript"/>. When stdin is not a terminal, each line waits until the bot has answered it (it
/// showed activity and then went quiet, or showed none for a while) so a script gets its answers in order; at the
/// end of input the chat waits the same way, then stops the host.
/// </summary>
internal sealed partial class SandboxChat(
    SandboxEnvironment sandbox,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SandboxChat> logger,
    HostSettings settings,
    AndyAI.Host.Web.WebListenerStatus? web = null) : BackgroundService
{
    public const string HelpText =
        "Sandbox commands:\n" +
        "  :help               this list\n" +
        "  :dm <text>          send <text> to the bot in a direct message (:dm /ask hi runs a slash command there)\n" +
        "  :reply <text>       reply to the bot's latest message in #general (:dm :reply <text> in your DM); the reply\n" +
        "                      pings the bot, so it answers, and continues that conversation\n" +
        "  :complete /<command> <options>  the suggestions the bot shows while you type the last option written\n" +
        "                      (:complete /forecast country:France city:Ly; city: alone for what it offers before you type)\n" +
        "  :press <n>          press button <n> of the bot's latest message with buttons\n" +
        "  :pick <n> <choices> pick in select menu <n> of the bot's latest message with menus: entries by name,\n" +
        "                      members and roles as @name, channels as #name (several: comma-separated; none: :pick <n>)\n" +
        "  :cancel             close a form the bot opened, without sending it\n" +
        "  :as <user> <text>   send <text> as alice or bob (not owners: try !reload to see a permission error);\n" +
        "                      :as owner <text> speaks as you; :as alice :dm <text> and :as bob /ask <question> work too\n" +
        "  :quit               stop the sandbox (Ctrl+C works too)\n" +
        "Slash commands run in #general: \"/ask <question>\" (options as name:value, e.g. \"/ask hi private:true\"; subcommands\n" +
        "  as words, e.g. \"/settings me key:language value:French\"), \"/help\" lists them.\n" +
        "Anything else goes to #general as you, the bot's owner: \"@AndyAI <question>\" asks the bot, \"!help\" lists its commands.";

    // In the data directory (run/data/sandbox-files by default), read when the bot first sends a file.
    private readonly Lazy<SandboxDownloads> _downloads = new(() => new SandboxDownloads(
        Path.Combine(settings.DataDirectory, "sandbox-files")));
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, string> _typed = [];
    private readonly Dictionary<ulong, ulong> _dmChannels = []; // user → DM channel
    private SandboxTranscript? _transcript;
    private RecordedRequest? _lastSeenRequest;
    private ulong? _latestButtons; // the latest message with buttons that was printed: what :press numbers
    private ulong? _latestMenus;   // the latest message with select menus that was printed: what :pick numbers
    private OpenForm? _form;

    /// <summary>Where lines are read from (tests replace it with a reader over piped text).</summary>
    internal static TextReader Input { get; set; } = Console.In;

    /// <summary>Where the chat is printed.</summary>
    internal static TextWriter Output { get; set; } = Console.Out;

    /// <summary>Whether a person types (stdin is the console's terminal); otherwise lines are piped by a script.</summary>
    internal static bool Interactive => ReferenceEquals(Input, Console.In) && !Console.IsInputRedirected;

    /// <summary>The chat's pacing (tests shorten it).</summary>
    internal static SandboxPacing Pacing { get; set; } = SandboxPacing.Default;

    [GeneratedRegex(@"(?<![\w<@&#])[@#][\w-]+(?:\.[\w-]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex TypedMentionPattern();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DiscordEmulator emulator = sandbox.Emulator;
        bool interactive = Interactive;
        SandboxPacing pacing = Pacing;
        _transcript = new SandboxTranscript(interactive, interactive ? pacing.EditSettle : pacing.StreamSettle, time,
            content => DiscordMarkup.Render(content, emulator.FindName, time.GetUtcNow(), time.LocalTimeZone));
        await Output.WriteLineAsync($"AndyAI sandbox: no DISCORD_API_TOKEN, so the bot talks to a local Discord emulator at {emulator.BaseUrl}.");
        await Output.WriteLineAsync(sandbox.LlmDescription);
        if (web?.Announcement is { } dashboard)
        {
            await Output.WriteLineAsync(dashboard);
        }

        await Output.FlushAsync(stoppingToken);
        if (!await WaitForBotAsync(emulator, pacing, stoppingToken))
        {
            return;
        }

        await Output.WriteLineAsync(
            "Sandbox ready. You are the bot's owner in #general of \"AndyAI Test Guild\". Type \"@AndyAI your question\", " +
            "a command (!help, !cogs, !reload), a slash command (/ask, /help), or :help for the sandbox's own commands." + (interactive ? " Ctrl+C quits." : ""));
        await Output.FlushAsync(stoppingToken);
        using var printing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task printer = PrintBotActivityAsync(emulator, pacing, printing.Token);
        try
        {
            await ReadInputAsync(emulator, interactive, pacing, stoppingToken);
            // Input ended (a pipe, Ctrl+D or /quit): let the bot finish answering, then stop like Ctrl+C would.
            await Output.WriteLineAsync("End of input: stopping the sandbox once the bot has finished answering.");
            await WaitForAnswerAsync(EventsNow(), time.GetTimestamp(), pacing, stoppingToken);
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await printing.CancelAsync();
            await printer.ContinueWith(static _ => { }, TaskScheduler.Default);
            await Output.FlushAsync(CancellationToken.None);
        }
    }

    private async Task<bool> WaitForBotAsync(DiscordEmulator emulator, SandboxPacing pacing, CancellationToken stoppingToken)
    {
        long started = time.GetTimestamp();
        while (emulator.SessionCount == 0)
        {
            if (time.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                SandboxLog.BotNeverConnected(logger);
                await Output.WriteLineAsync("The bot did not connect to the emulator within 30 s; see the log file for the Discord client's errors.");
                return false;
            }

            await Task.Delay(pacing.Poll, time, stoppingToken);
        }

        // Slash commands are written to Discord a moment after the cogs load: wait for the host's own (/cogs), so a
        // script's first /ask finds its command. Without them the chat still works, and says why a / line fails.
        long connected = time.GetTimestamp();
        while (emulator.GetSlashCommandOptionNames(emulator.DefaultChannelId, "cogs") is null && time.GetElapsedTime(connected) < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(pacing.Poll, time, stoppingToken);
        }

        return true;
    }

    private async Task ReadInputAsync(DiscordEmulator emulator, bool interactive, SandboxPacing pacing, CancellationToken stoppingToken)
    {
        while (await ReadLineAsync(Input, stoppingToken) is { } line)
        {
            SandboxInput input = SandboxInput.Parse(line);
            switch (input.Kind)
            {
                case SandboxInputKind.Empty:
                    continue;
                case SandboxInputKind.Help:
                    await Output.WriteLineAsync(HelpText);
                    continue;
                case SandboxInputKind.Quit:
                    return;
                case SandboxInputKind.Error:
                    await Output.WriteLineAsync($"({input.Text})");
                    continue;
                case SandboxInputKind.Cancel:
                    await Output.WriteLineAsync(_form is null ? "(no form is open)" : "(form closed without sending it)");
                    _form = null;
                    continue;
            }

            ulong author = input.As switch
            {
                SandboxUser.Alice => emulator.AliceUserId,
                SandboxUser.Bob => emulator.BobUserId,
                _ => emulator.OwnerUserId,
            };
            if (_form is not null && input.Kind == SandboxInputKind.Message)
            {
                await FillFormAsync(emulator, input.Text, interactive, pacing, stoppingToken);
                continue;
            }

            if (_form is not null)
            {
                await Output.WriteLineAsync("(form closed without sending it)");
                _form = null;
            }

            if (input.Kind == SandboxInputKind.Autocomplete)
            {
                await CompleteAsync(emulator, input, author, stoppingToken);
                continue;
            }

            if (input.Kind is SandboxInputKind.SlashCommand or SandboxInputKind.Press or SandboxInputKind.Pick)
            {
                await RunInteractionAsync(emulator, input, author, interactive, pacing, stoppingToken);
                continue;
            }

            bool inDirectMessage = input.Kind == SandboxInputKind.DirectMessage || input.InDirectMessage;
            ulong channel = inDirectMessage ? DmChannel(emulator, author) : emulator.DefaultChannelId;
            ulong? replyTo = null;
            if (input.Kind == SandboxInputKind.Reply)
            {
                // Discord's client can reply to any message but an ephemeral one; the sandbox replies to the bot's latest.
                replyTo = emulator.GetChannelMessages(channel).LastOrDefault(m => m.SentByBot && !m.IsDeleted && !m.IsEphemeral)?.Id;
                if (replyTo is null)
                {
                    await Output.WriteLineAsync($"(no message of the bot's in {(inDirectMessage ? "your DM" : "#general")} to reply to yet)");
                    continue;
                }
            }

            string content = WithMentions(emulator, input.Text, inDirectMessage);
            long eventsBefore = EventsNow();
            try
            {
                EmulatorMessage posted = await emulator.PostMessageAsync(author, channel, content, replyTo);
                lock (_gate)
                {
                    _typed[posted.Id] = input.Text;
                }
            }
            catch (ArgumentException ex)
            {
                await Output.WriteLineAsync($"(not sent: {Reason(ex)})");
                continue;
            }

            if (!interactive)
            {
                // A script's next line waits for this one's answer, so answers come out in the order asked.
                await WaitForAnswerAsync(eventsBefore, time.GetTimestamp(), pacing, stoppingToken);
            }
        }
    }

    /// <summary>
    /// The text with typed mentions (<c>@AndyAI</c>, <c>@alice</c>, <c>@Moderators</c>, <c>#general</c>) as Discord's
    /// client sends them once picked from its suggestions; names nobody has stay text.
    /// </summary>
    private static string WithMentions(DiscordEmulator emulator, string text, bool inDirectMessage) =>
        TypedMentionPattern().Replace(text, m => emulator.MentionMarkupFor(inDirectMessage ? null : emulator.DefaultGuildId, m.Value) ?? m.Value);

    /// <summary>Why the emulator refused, without .NET's " (Parameter 'given')" suffix, which means nothing to a user.</summary>
    internal static string Reason(ArgumentException refusal) =>
        refusal.ParamName is { } name ? refusal.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : refusal.Message;

    /// <summary>The user's DM channel with the bot, opened on first use.</summary>
    private ulong DmChannel(DiscordEmulator emulator, ulong author)
    {
        if (!_dmChannels.TryGetValue(author, out ulong channel))
        {
            channel = emulator.CreateDmChannel(author);
            lock (_gate)
            {
                _dmChannels[author] = channel;
            }
        }

        return channel;
    }

    /// <summary>
    /// Runs a slash command (in #general, or in the user's DM) or presses a button, then waits as for a message; when
    /// the bot answers with a form (a modal), the next lines fill it in.
    /// </summary>
    private async Task RunInteractionAsync(DiscordEmulator emulator, SandboxInput input, ulong author, bool interactive, SandboxPacing pacing, CancellationToken stoppingToken)
    {
        long eventsBefore = EventsNow();
        EmulatorInteraction interaction;
        try
        {
            if (input.Kind == SandboxInputKind.Press)
            {
                int number = int.Parse(input.Text, CultureInfo.InvariantCulture);
                IReadOnlyList<(string CustomId, string Label, bool Disabled)> buttons = _latestButtons is { } id && emulator.FindMessage(id) is { IsDeleted: false } message
                    ? message.Buttons
                    : [];
                if (number > buttons.Count)
                {
                    await Output.WriteLineAsync(buttons.Count switch
                    {
                        0 => "(no message with buttons yet)",
                        1 => "(the latest message with buttons has one button: :press 1)",
                        _ => $"(the latest message with buttons has {buttons.Count} buttons: :press 1 to :press {buttons.Count})",
                    });
                    return;
                }

                interaction = await emulator.ClickButtonAsync(author, _latestButtons!.Value, buttons[number - 1].CustomId);
            }
            else if (input.Kind == SandboxInputKind.Pick)
            {
                int space = input.Text.IndexOf(' ', StringComparison.Ordinal);
                int number = int.Parse(space < 0 ? input.Text : input.Text[..space], CultureInfo.InvariantCulture);
                EmulatorMessage? message = _latestMenus is { } id ? emulator.FindMessage(id) : null;
                IReadOnlyList<EmulatorSelectMenu> menus = message is { IsDeleted: false } ? message.SelectMenus : [];
                if (number > menus.Count)
                {
                    await Output.WriteLineAsync(menus.Count switch
                    {
                        0 => "(no message with select menus yet)",
                        1 => "(the latest message with menus has one menu: :pick 1 <choices>)",
                        _ => $"(the latest message with menus has {menus.Count} menus: :pick 1 to :pick {menus.Count})",
                    });
                    return;
                }

                EmulatorSelectMenu menu = menus[number - 1];
                if (!SandboxPick.TryResolve(menu, space < 0 ? "" : input.Text[(space + 1)..], typed => emulator.MentionMarkupFor(message!.GuildId, typed),
                    out IReadOnlyList<string> values, out string? error))
                {
                    await Output.WriteLineAsync($"(not sent: {error})");
                    return;
                }

                interaction = await emulator.SelectMenuAsync(author, message!.Id, menu.CustomId, values);
            }
            else
            {
                if (await FindSlashCommandAsync(emulator, input, author) is not var (name, rest, channel, shape))
                {
                    return;
                }

                if (!SandboxSlashCommand.TryParse(name, rest, shape, out IReadOnlyList<EmulatorCommandOption> options, out string? error))
                {
                    await Output.WriteLineAsync($"({error})");
                    return;
                }

                interaction = await emulator.InvokeSlashCommandAsync(author, channel, name, options);
            }
        }
        catch (ArgumentException ex)
        {
            await Output.WriteLineAsync($"(not sent: {Reason(ex)})");
            return;
        }

        // Discord gives the bot 3 s for its first answer; a form (modal) opens a prompt instead of a message.
        try
        {
            EmulatorInteractionResponse first = await emulator.WaitForInteractionResponseAsync(
                r => r.InteractionId == interaction.Id, TimeSpan.FromSeconds(3.5), stoppingToken);
            if (first is { Kind: EmulatorInteractionResponseKind.Callback, Type: 9 })
            {
                _form = new OpenForm(interaction, first.ModalTitle ?? "a form", first.ComponentCustomIds, []);
                await Output.WriteLineAsync($"[form] {_form.Title}: type your {_form.Inputs[0]} on the next line (:cancel closes the form)");
                return;
            }
        }
        catch (TimeoutException)
        {
            await Output.WriteLineAsync("(the bot did not answer within Discord's 3 seconds: \"The application did not respond\")");
            return;
        }

        if (!interactive)
        {
            await WaitForAnswerAsync(eventsBefore, time.GetTimestamp(), pacing, stoppingToken);
        }
    }

    /// <summary>
    /// The slash command typed (<c>/name options…</c>, also after <c>:complete</c>): its name, the options as typed with mentions
    /// resolved, the channel it is typed in (the DM with the bot after <c>:dm</c>) and its options; null, after saying
    /// so, when the bot has no such command there.
    /// </summary>
    private async Task<(string Name, string Options, ulong Channel, IReadOnlyList<EmulatorSlashOption> Shape)?> FindSlashCommandAsync(
        DiscordEmulator emulator, SandboxInput input, ulong author)
    {
        int space = input.Text.IndexOf(' ', StringComparison.Ordinal);
        string name = (space < 0 ? input.Text : input.Text[..space]).ToLowerInvariant();
        string rest = space < 0 ? "" : WithMentions(emulator, input.Text[(space + 1)..], input.InDirectMessage);
        ulong channel = input.InDirectMessage ? DmChannel(emulator, author) : emulator.DefaultChannelId;
        if (emulator.GetSlashCommandOptions(channel, name) is not { } shape)
        {
            await Output.WriteLineAsync($"(there is no slash command /{name}{(input.InDirectMessage ? " in DMs" : "")}; /help lists the bot's, :help the sandbox's)");
            return null;
        }

        return (name, rest, channel, shape);
    }

    /// <summary>
    /// Types into an autocomplete option as Discord's client does (an interaction of type 4 with the option focused and
    /// the others filled so far) and prints the suggestions the bot answers with. Nothing is posted, so there is no
    /// answer to wait for beyond the bot's suggestions.
    /// </summary>
    private async Task CompleteAsync(DiscordEmulator emulator, SandboxInput input, ulong author, CancellationToken stoppingToken)
    {
        if (await FindSlashCommandAsync(emulator, input, author) is not var (name, rest, channel, shape))
        {
            return;
        }

        if (!SandboxSlashCommand.TryParseAutocomplete(name, rest, shape, out IReadOnlyList<EmulatorCommandOption> options, out string focused, out string? error, out EmulatorSlashOption? option))
        {
            await Output.WriteLineAsync($"({error})");
            return;
        }

        if (option is { ChoiceNames.Count: > 0 })
        {
            // Fixed choices: Discord's client lists them itself, those whose name holds what was typed; the bot is not asked.
            string typed = Typed(options);
            int[] shown = [.. Enumerable.Range(0, option.ChoiceNames.Count).Where(i => option.ChoiceNames[i].Contains(typed, StringComparison.OrdinalIgnoreCase))];
            await Output.WriteLineAsync(Suggestions(focused, typed, [.. shown.Select(i => option.ChoiceNames[i])], [.. shown.Select(i => option.ChoiceValues[i])], fixedChoices: true));
            return;
        }

        try
        {
            EmulatorInteraction typing = await emulator.TypeForAutocompleteAsync(author, channel, name, options);
            EmulatorInteractionResponse answer = await emulator.WaitForInteractionResponseAsync(r => r.InteractionId == typing.Id, TimeSpan.FromSeconds(3.5), stoppingToken);
            await Output.WriteLineAsync(answer is { Kind: EmulatorInteractionResponseKind.Callback, Type: 8, StatusCode: < 300 }
                ? Suggestions(focused, Typed(options), answer.ChoiceNames, answer.ChoiceValues)
                : $"(Discord refused the bot's suggestions: {answer.StatusCode} {answer.ErrorCode}; its client shows none)");
        }
        catch (ArgumentException ex)
        {
            await Output.WriteLineAsync($"(not sent: {Reason(ex)})");
        }
        catch (TimeoutException)
        {
            await Output.WriteLineAsync("(the bot sent no suggestions within Discord's 3 seconds: its client shows none)");
        }
    }

    private static string Typed(IReadOnlyList<EmulatorCommandOption> options)
    {
        foreach (EmulatorCommandOption option in options)
        {
            if (option.Focused) return Convert.ToString(option.Value, CultureInfo.InvariantCulture) ?? "";
            if (option.Options.Count > 0 && Typed(option.Options) is { Length: > 0 } typed) return typed;
        }

        return "";
    }

    /// <summary>
    /// The suggestions (or an option's fixed choices) as Discord's client lists them above the input, one a line; a choice whose value is not its name
    /// says what to type (<c>d20 (type 20)</c>), since in the sandbox the value is typed, not picked.
    /// </summary>
    internal static string Suggestions(string focused, string typed, IReadOnlyList<string> names, IReadOnlyList<string> values, bool fixedChoices = false)
    {
        var text = new System.Text.StringBuilder();
        string kind = fixedChoices ? "choice" : "suggestion";
        text.Append(CultureInfo.InvariantCulture, $"[{(fixedChoices ? "choices" : "autocomplete")}] {focused}, typed \"{typed}\": ");
        text.Append(names.Count switch { 0 => $"no {kind}s", 1 => $"1 {kind}", _ => string.Create(CultureInfo.InvariantCulture, $"{names.Count} {kind}s") });
        for (int i = 0; i < names.Count; i++)
        {
            text.Append("\n    ").Append(names[i]);
            string value = i < values.Count ? ChoiceValue(values[i]) : names[i];
            if (value != names[i])
            {
                text.Append(" (type ").Append(value).Append(')');
            }
        }

        return text.ToString();
    }

    // A choice's JSON value as a user would type it: a string without its quotes, a number as written.
    private static string ChoiceValue(string json)
    {
        if (json.Length == 0 || json[0] != '"') return json;
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetString() ?? "";
    }

    /// <summary>One line answers the open form's next input; the last one sends the form.</summary>
    private async Task FillFormAsync(DiscordEmulator emulator, string text, bool interactive, SandboxPacing pacing, CancellationToken stoppingToken)
    {
        OpenForm form = _form!;
        form.Values[form.Inputs[form.Values.Count]] = text;
        if (form.Values.Count < form.Inputs.Count)
        {
            await Output.WriteLineAsync($"[form] {form.Title}: type your {form.Inputs[form.Values.Count]} on the next line");
            return;
        }

        _form = null;
        long eventsBefore = EventsNow();
        try
        {
            await emulator.SubmitModalAsync(form.Interaction, form.Values);
        }
        catch (ArgumentException ex)
        {
            await Output.WriteLineAsync($"(not sent: {Reason(ex)})");
            return;
        }

        if (!interactive)
        {
            await WaitForAnswerAsync(eventsBefore, time.GetTimestamp(), pacing, stoppingToken);
        }
    }

    /// <summary>
    /// Waits until the bot did something after <paramref name="eventsBefore"/> and has since been quiet for
    /// <see cref="SandboxPacing.AnswerQuiet"/> with every message printed and no typing pending, or until it did nothing
    /// for <see cref="SandboxPacing.NoAnswer"/> (a command it ignores, e.g. !reload from a non-owner in a guild with no
    /// error reply).
    /// </summary>
    private async Task WaitForAnswerAsync(long eventsBefore, long posted, SandboxPacing pacing, CancellationToken stoppingToken)
    {
        while (true)
        {
            TranscriptState state;
            lock (_gate)
            {
                state = _transcript!.State;
            }

            if (state.Events > eventsBefore)
            {
                if (!state.Busy && time.GetElapsedTime(state.LastActivity) >= pacing.AnswerQuiet)
                {
                    return;
                }
            }
            else if (time.GetElapsedTime(posted) >= pacing.NoAnswer)
            {
                return;
            }

            await Task.Delay(pacing.Poll, time, stoppingToken);
        }
    }

    private long EventsNow()
    {
        lock (_gate)
        {
            return _transcript!.State.Events;
        }
    }

    /// <summary>The next line of <paramref name="input"/>, or null at its end; returns as soon as <paramref name="cancellationToken"/> is cancelled.</summary>
    internal static Task<string?> ReadLineAsync(TextReader input, CancellationToken cancellationToken) =>
        // Console.In is a synchronized reader whose ReadLineAsync runs ReadLine inline: it blocks the caller until a
        // line arrives, before any task exists to cancel, so a SIGTERM used to wait for the host's whole shutdown
        // timeout. The read runs on its own thread instead (one per line: a person typing, or a small pipe), and only
        // the wait for it is cancelled; a read abandoned at shutdown ends with the process.
        Task.Factory.StartNew(
            static state => ((TextReader)state!).ReadLine(), input, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .WaitAsync(cancellationToken);

    private async Task PrintBotActivityAsync(DiscordEmulator emulator, SandboxPacing pacing, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(pacing.Poll, time);
        var lines = new List<string>();
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            lines.Clear();
            IReadOnlyList<RecordedRequest> requests = emulator.Requests;
            IReadOnlyList<EmulatorMessage> messages = emulator.BotMessages;
            lock (_gate)
            {
                ObserveTyping(requests, lines);
                foreach (EmulatorMessage message in messages)
                {
                    _transcript!.ObserveMessage(View(emulator, message), lines);
                }
            }

            foreach (string line in lines)
            {
                await Output.WriteLineAsync(line);
            }

            if (lines.Count > 0)
            {
                await Output.FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>Typing requests recorded since the last poll (the newest ones, back to the last one seen).</summary>
    private void ObserveTyping(IReadOnlyList<RecordedRequest> requests, List<string> lines)
    {
        int first = requests.Count;
        while (first > 0 && !ReferenceEquals(requests[first - 1], _lastSeenRequest))
        {
            first--;
        }

        for (int i = first; i < requests.Count; i++)
        {
            RecordedRequest request = requests[i];
            if (request.Method == "POST" && request.Route == "/channels/{channel_id}/typing" && TypingChannel(request.Path) is { } channel)
            {
                _transcript!.ObserveTyping(channel, Place(channel), lines);
            }
        }

        if (requests.Count > 0)
        {
            _lastSeenRequest = requests[^1];
        }
    }

    /// <summary>The channel id in <c>/api/v10/channels/{id}/typing</c>.</summary>
    internal static ulong? TypingChannel(string path)
    {
        const string Marker = "/channels/";
        int start = path.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += Marker.Length;
        int end = path.IndexOf('/', start);
        return ulong.TryParse(end < 0 ? path.AsSpan(start) : path.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out ulong id)
            ? id
            : null;
    }

    private BotMessageView View(DiscordEmulator emulator, EmulatorMessage message)
    {
        string? repliesTo = null;
        if (message.ReferencedMessageId is { } referenced)
        {
            repliesTo = _typed.TryGetValue(referenced, out string? typed) ? typed : emulator.FindMessage(referenced)?.Content ?? "(a deleted message)";
        }

        IReadOnlyList<(string CustomId, string Label, bool Disabled)> buttons = message.Buttons;
        if (buttons.Count > 0 && !message.IsDeleted)
        {
            _latestButtons = message.Id;
        }

        IReadOnlyList<EmulatorSelectMenu> menus = message.SelectMenus;
        if (menus.Count > 0 && !message.IsDeleted)
        {
            _latestMenus = message.Id;
        }

        string? onlyFor = message.VisibleToUserId is { } user ? UserName(emulator, user) : null;
        return new BotMessageView(message.Id, message.ChannelId, message.GuildId is null ? "DM" : Place(message.ChannelId), repliesTo,
            message.ContentHistory.Count, message.Content, message.IsDeleted, message.ReferencedMessageId,
            onlyFor, message.IsLoading, buttons.Count == 0 ? null : [.. buttons.Select(b => b.Label)],
            message.Attachments.Count == 0 ? null : [.. message.Attachments.Select(a => $"{a.FileName} ({FileSize(a.Size)}), {Saved(a)}")],
            menus.Count == 0 ? null : [.. menus.Select(m => SandboxPick.Describe(m, emulator.FindName))]);
    }

    /// <summary>Where the file was saved, relative to the working directory when it is under it.</summary>
    private string Saved(EmulatorAttachment attachment)
    {
        if (!_downloads.Value.TrySave(attachment, out string path))
        {
            return "not saved: " + path;
        }

        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return "saved as " + (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative);
    }

    /// <summary>A size as Discord's client shows it: bytes, KB or MB with one decimal.</summary>
    internal static string FileSize(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };

    private static string UserName(DiscordEmulator emulator, ulong userId) =>
        userId == emulator.OwnerUserId ? "you" : userId == emulator.AliceUserId ? "alice" : userId == emulator.BobUserId ? "bob" : userId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A form (modal) the bot opened: its inputs are filled one line each.</summary>
    private sealed record OpenForm(EmulatorInteraction Interaction, string Title, IReadOnlyList<string> Inputs, Dictionary<string, string> Values);

    private string Place(ulong channelId)
    {
        if (channelId == sandbox.Emulator.DefaultChannelId)
        {
            return "#general";
        }

        return _dmChannels.ContainsValue(channelId) ? "DM" : $"#{channelId.ToString(CultureInfo.InvariantCulture)}";
    }
}
