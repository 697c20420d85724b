using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// Decides from the raw bytes of a MESSAGE_CREATE's <c>d</c> whether any subscriber could want it, so the common
/// case (no mention, no prefix, not a DM) is dropped without deserializing. Conservative: it may let through a
/// message nobody wants (the exact check runs after parsing), never the reverse.
/// </summary>
/// <remarks>Thread-safe: state is replaced as a whole (copy-on-write) and read through one volatile field.</remarks>
internal sealed class MessageCreateFilter
{
    private sealed record State(MessageInterest Interests, byte[]? BotIdDigits, byte[][] RoleIdDigits, byte[][] ContentPrefixes);

    private volatile State _state;

    public MessageCreateFilter(string commandPrefix)
    {
        _state = new State(MessageInterest.None, null, [], EncodeContentPrefixes(commandPrefix));
    }

    public MessageInterest Interests => _state.Interests;

    public void SetInterests(MessageInterest interests)
    {
        State s;
        do { s = _state; } while (Interlocked.CompareExchange(ref _state, s with { Interests = interests }, s) != s);
    }

    public void SetBotUserId(ulong botUserId)
    {
        byte[] digits = Digits(botUserId);
        State s;
        do { s = _state; } while (Interlocked.CompareExchange(ref _state, s with { BotIdDigits = digits }, s) != s);
    }

    public void AddManagedRole(ulong roleId)
    {
        byte[] digits = Digits(roleId);
        State s;
        do
        {
            s = _state;
            foreach (byte[] known in s.RoleIdDigits)
            {
                if (known.AsSpan().SequenceEqual(digits)) return;
            }
        }
        while (Interlocked.CompareExchange(ref _state, s with { RoleIdDigits = [.. s.RoleIdDigits, digits] }, s) != s);
    }

    /// <summary>Whether the message whose <c>d</c> object is <paramref name="data"/> may interest a subscriber.</summary>
    public bool IsCandidate(ReadOnlySpan<byte> data)
    {
        State s = _state;
        MessageInterest interests = s.Interests;
        if (interests == MessageInterest.None) return false;
        if (interests == MessageInterest.All) return true;

        if ((interests & MessageInterest.Mentions) != 0)
        {
            // Before READY the bot's id is unknown: let everything through rather than lose a mention.
            if (s.BotIdDigits is null || data.IndexOf(s.BotIdDigits) >= 0) return true;
            foreach (byte[] role in s.RoleIdDigits)
            {
                if (data.IndexOf(role) >= 0) return true;
            }
        }

        if ((interests & MessageInterest.Prefixed) != 0 && ContainsPrefixedContent(data, s.ContentPrefixes)) return true;

        // A property name's opening quote is never escaped, so "guild_id" can only be the property: its absence
        // (or a null or empty value) means a DM.
        return (interests & MessageInterest.DirectMessages) != 0 && !HasGuildId(data);
    }

    private static bool ContainsPrefixedContent(ReadOnlySpan<byte> data, byte[][] contentPrefixes)
    {
        // Matches "content":"<prefix> anywhere (also a referenced message's content): conservative by design.
        foreach (byte[] prefix in contentPrefixes)
        {
            if (data.IndexOf(prefix) >= 0) return true;
        }

        return false;
    }

    private static bool HasGuildId(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> key = "\"guild_id\""u8;
        int at = data.IndexOf(key);
        while (at >= 0)
        {
            ReadOnlySpan<byte> rest = data[(at + key.Length)..].TrimStart(" \t\r\n:"u8).TrimStart(" \t\r\n"u8);
            // "" is what a compatible server sent for "no guild": read as null later, so it must not hide a DM here.
            if (!rest.StartsWith("null"u8) && !rest.StartsWith("\"\""u8)) return true;
            int next = rest.IndexOf(key);
            if (next < 0) return false;
            data = rest;
            at = next;
        }

        return false;
    }

    private static byte[][] EncodeContentPrefixes(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        // The prefix as it appears inside a JSON string: writers differ in what they escape (System.Text.Json's
        // default encoder writes '<' as \u003C) and in the space after the colon, so accept each spelling.
        string[] spellings = [JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(prefix), JavaScriptEncoder.Default.Encode(prefix)];
        string[] keys = ["\"content\":\"", "\"content\": \""];
        return [.. keys.SelectMany(k => spellings.Select(p => k + p)).Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes)];
    }

    private static byte[] Digits(ulong id)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(id, buffer, out int written);
        return buffer[..written].ToArray();
    }
}
