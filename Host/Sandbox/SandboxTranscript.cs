using System.Text;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// Turns what the bot does in the emulator into readable lines, without flooding. A message is printed once its
/// content has stopped changing for <c>settle</c> (a streamed answer is edited every second or so, so only its final
/// text appears), then again as <c>(edited)</c> when it changes later; in interactive mode a new message appears at
/// once, so a person sees the stream begin. A typing indicator is printed once per start: again only after the bot
/// sent a message in that channel or stopped renewing it for 10 s (Discord's typing lasts 10 s).
/// Not thread-safe: the chat's printer loop owns it; <see cref="State"/> is read under the chat's lock.
/// </summary>
/// <param name="render">Turns a message's text into what Discord's client shows (mentions, timestamps), when printed.</param>
internal sealed class SandboxTranscript(bool interactive, TimeSpan settle, TimeProvider time, Func<string, string>? render = null)
{
    /// <summary>How long one typing request shows the indicator on Discord.</summary>
    public static readonly TimeSpan TypingLifetime = TimeSpan.FromSeconds(10);

    private const int QuoteLength = 40;
    private readonly Dictionary<ulong, Tracked> _messages = [];
    private readonly Dictionary<ulong, long> _typingSince = [];
    private readonly Dictionary<ulong, int> _partsPerQuestion = [];
    private long _events;
    private long _lastActivity = time.GetTimestamp();

    public TranscriptState State
    {
        get
        {
            bool busy = _messages.Values.Any(m => m.PrintedVersion != m.SeenVersion && !m.Gone);
            busy |= _typingSince.Values.Any(t => time.GetElapsedTime(t) < TypingLifetime);
            return new TranscriptState(_events, _lastActivity, busy);
        }
    }

    /// <summary>The bot asked for the typing indicator in <paramref name="channelId"/>.</summary>
    public void ObserveTyping(ulong channelId, string place, List<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        bool showing = _typingSince.TryGetValue(channelId, out long since) && time.GetElapsedTime(since) < TypingLifetime;
        _typingSince[channelId] = time.GetTimestamp();
        Touch();
        if (!showing)
        {
            lines.Add($"[{place}] AndyAI is typing…");
        }
    }

    /// <summary>One of the bot's messages as it is now (call for every message at every poll; unchanged ones cost a lookup).</summary>
    public void ObserveMessage(BotMessageView message, List<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (!_messages.TryGetValue(message.Id, out Tracked? tracked))
        {
            tracked = new Tracked { ChangedAt = time.GetTimestamp(), SeenVersion = message.Version, Part = NextPart(message.RepliesToId) };
            _messages[message.Id] = tracked;
            _typingSince.Remove(message.ChannelId); // a message ends the indicator, as on Discord
            Touch();
            if (interactive && !message.IsDeleted)
            {
                Print(message, tracked, lines);
            }
        }
        else if (message.Version != tracked.SeenVersion)
        {
            tracked.SeenVersion = message.Version;
            tracked.ChangedAt = time.GetTimestamp();
            Touch();
        }

        if (tracked.Gone)
        {
            return;
        }

        if (message.IsDeleted)
        {
            tracked.Gone = true;
            Touch();
            if (tracked.PrintedVersion > 0)
            {
                lines.Add($"[{message.Place}] AndyAI deleted its message{Quote(message.RepliesTo)}.");
            }

            return;
        }

        if (tracked.PrintedVersion != message.Version && time.GetElapsedTime(tracked.ChangedAt) >= settle)
        {
            Print(message, tracked, lines);
        }
    }

    /// <summary>1 for the first message answering a question, 2 for the next (an answer split across messages)…</summary>
    private int NextPart(ulong? question)
    {
        if (question is not { } id)
        {
            return 1;
        }

        int part = _partsPerQuestion.GetValueOrDefault(id) + 1;
        _partsPerQuestion[id] = part;
        return part;
    }

    private void Print(BotMessageView message, Tracked tracked, List<string> lines)
    {
        string label = tracked.PrintedVersion == 0 ? "AndyAI" : "AndyAI (edited)";
        if (tracked.Part > 1)
        {
            label += $" (part {tracked.Part})";
        }

        if (message.OnlyFor is { } onlyFor)
        {
            label += onlyFor == "you" ? " (only you see this)" : $" (only {onlyFor} sees this)";
        }

        tracked.PrintedVersion = message.Version;
        var line = new StringBuilder().Append('[').Append(message.Place).Append("] ").Append(label).Append(Quote(message.RepliesTo));
        if (message.IsThinking && message.Content.Length == 0)
        {
            lines.Add(line.Append(" is thinking…").ToString());
            return;
        }

        line.Append(':');
        string content = render is null ? message.Content : render(message.Content);
        string[] contentLines = content.ReplaceLineEndings("\n").Split('\n');
        if (contentLines.Length == 1)
        {
            lines.Add(line.Append(' ').Append(contentLines[0]).ToString());
        }
        else
        {
            lines.Add(line.ToString());
            foreach (string contentLine in contentLines)
            {
                lines.Add("    " + contentLine);
            }
        }

        foreach (string file in message.Files ?? [])
        {
            lines.Add("    [file] " + file);
        }

        if (message.Buttons is { Count: > 0 } buttons)
        {
            var row = new StringBuilder("    ");
            for (int i = 0; i < buttons.Count; i++)
            {
                row.Append('[').Append((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("] ").Append(buttons[i]).Append("  ");
            }

            lines.Add(row.Append("(:press <n>)").ToString());
        }

        if (message.Menus is { Count: > 0 } menus)
        {
            for (int i = 0; i < menus.Count; i++)
            {
                lines.Add($"    [menu {(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}] {menus[i]}");
            }

            lines.Add("    (:pick <menu> <choices>)");
        }
    }

    /// <summary><c> ↳ "what is a monad?"</c>: which user message a reply answers, shortened to one line.</summary>
    internal static string Quote(string? repliesTo)
    {
        if (repliesTo is null)
        {
            return "";
        }

        string text = repliesTo.ReplaceLineEndings(" ").Trim();
        if (text.Length > QuoteLength)
        {
            text = text[..(QuoteLength - 1)].TrimEnd() + "…";
        }

        return $" ↳ \"{text}\"";
    }

    private void Touch()
    {
        _events++;
        _lastActivity = time.GetTimestamp();
    }

    private sealed class Tracked
    {
        public int SeenVersion { get; set; }

        public int PrintedVersion { get; set; }

        public long ChangedAt { get; set; }

        public bool Gone { get; set; }

        public int Part { get; init; }
    }
}
