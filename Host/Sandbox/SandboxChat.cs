using System.Globalization;
using System.Text.RegularExpressions;
using AndyAI.Emulator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// The sandbox's terminal chat: each line typed (or piped) is posted to the emulator as the application's owner in
/// the sandbox guild's #general (<c>@AndyAI</c> becomes a mention); lines starting with <c>/</c> are the sandbox's own
/// commands (<see cref="HelpText"/>). The bot's messages, edits and typing indicator are printed through a
/// <see cref="SandboxTranscript"/>. When stdin is not a terminal, each line waits until the bot has answered it (it
/// showed activity and then went quiet, or showed none for a while) so a script gets its answers in order; at the
/// end of input the chat waits the same way, then stops the host.
/// </summary>
internal sealed partial class SandboxChat(
    SandboxEnvironment sandbox,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SandboxChat> logger,
    AndyAI.Host.Web.WebListenerStatus? web = null) : BackgroundService
{
    public const string HelpText =
        "Sandbox commands:\n" +
        "  /help               this list\n" +
        "  /dm <text>          send <text> to the bot in a direct message\n" +
        "  /as <user> <text>   send <text> as alice or bob (not owners: try !reload to see a permission error);\n" +
        "                      /as owner <text> speaks as you; /as alice /dm <text> works too\n" +
        "  /quit               stop the sandbox (Ctrl+C works too)\n" +
        "Anything else goes to #general as you, the bot's owner: \"@AndyAI <question>\" asks the bot, \"!help\" lists its commands.";

    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, string> _typed = [];
    private readonly Dictionary<ulong, ulong> _dmChannels = []; // user → DM channel
    private SandboxTranscript? _transcript;
    private RecordedRequest? _lastSeenRequest;

    /// <summary>Where lines are read from (tests replace it with a reader over piped text).</summary>
    internal static TextReader Input { get; set; } = Console.In;

    /// <summary>Where the chat is printed.</summary>
    internal static TextWriter Output { get; set; } = Console.Out;

    /// <summary>Whether a person types (stdin is the console's terminal); otherwise lines are piped by a script.</summary>
    internal static bool Interactive => ReferenceEquals(Input, Console.In) && !Console.IsInputRedirected;

    /// <summary>The chat's pacing (tests shorten it).</summary>
    internal static SandboxPacing Pacing { get; set; } = SandboxPacing.Default;

    [GeneratedRegex("@andyai\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BotMentionPattern();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DiscordEmulator emulator = sandbox.Emulator;
        bool interactive = Interactive;
        SandboxPacing pacing = Pacing;
        _transcript = new SandboxTranscript(interactive, interactive ? pacing.EditSettle : pacing.StreamSettle, time);
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
            "a command (!help, !cogs, !reload), or /help for the sandbox's own commands." + (interactive ? " Ctrl+C quits." : ""));
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
            }

            ulong author = input.As switch
            {
                SandboxUser.Alice => emulator.AliceUserId,
                SandboxUser.Bob => emulator.BobUserId,
                _ => emulator.OwnerUserId,
            };
            ulong channel = emulator.DefaultChannelId;
            if (input.Kind == SandboxInputKind.DirectMessage)
            {
                if (!_dmChannels.TryGetValue(author, out channel))
                {
                    channel = emulator.CreateDmChannel(author);
                    lock (_gate)
                    {
                        _dmChannels[author] = channel;
                    }
                }
            }

            string content = BotMentionPattern().Replace(input.Text, $"<@{emulator.BotUserId}>");
            long eventsBefore = EventsNow();
            try
            {
                EmulatorMessage posted = await emulator.PostMessageAsync(author, channel, content);
                lock (_gate)
                {
                    _typed[posted.Id] = input.Text;
                }
            }
            catch (ArgumentException ex)
            {
                await Output.WriteLineAsync($"(not sent: {ex.Message})");
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

        return new BotMessageView(message.Id, message.ChannelId, message.GuildId is null ? "DM" : Place(message.ChannelId), repliesTo,
            message.ContentHistory.Count, message.Content, message.IsDeleted, message.ReferencedMessageId);
    }

    private string Place(ulong channelId)
    {
        if (channelId == sandbox.Emulator.DefaultChannelId)
        {
            return "#general";
        }

        return _dmChannels.ContainsValue(channelId) ? "DM" : $"#{channelId.ToString(CultureInfo.InvariantCulture)}";
    }
}
