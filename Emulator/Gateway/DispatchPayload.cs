using System.Text.Json.Serialization.Metadata;
using AndyAI.Emulator.Payloads;

namespace AndyAI.Emulator.Gateway;

/// <summary>
/// A dispatch's <c>d</c>, serialized once per variant: the full payload, and (for messages) the one a session
/// without MESSAGE_CONTENT gets, with content, embeds, attachments and components emptied.
/// </summary>
internal sealed class DispatchPayload
{
    private readonly Func<byte[]> _full;
    private readonly Func<byte[]>? _stripped;
    private byte[]? _fullBytes;
    private byte[]? _strippedBytes;

    private DispatchPayload(string eventName, int intent, ulong? guildId, Func<byte[]> full, Func<byte[]>? stripped, bool contentAlwaysVisible)
    {
        EventName = eventName;
        Intent = intent;
        GuildId = guildId;
        _full = full;
        _stripped = stripped;
        ContentAlwaysVisible = contentAlwaysVisible;
    }

    public string EventName { get; }
    /// <summary>Intent a session needs to receive it; 0 = always sent.</summary>
    public int Intent { get; }
    public ulong? GuildId { get; }
    public bool ContentAlwaysVisible { get; }

    public static DispatchPayload Of<T>(string eventName, int intent, ulong? guildId, T value, JsonTypeInfo<T> typeInfo) =>
        new(eventName, intent, guildId, () => GatewayFrames.Serialize(value, typeInfo), null, contentAlwaysVisible: true);

    /// <summary>A message event. Content stays visible without MESSAGE_CONTENT in DMs, when the bot is mentioned, or when the bot wrote it.</summary>
    public static DispatchPayload Message(string eventName, JsonMessage message, ulong botUserId)
    {
        bool dm = message.GuildId is null;
        bool visible = dm || message.Author.Id == botUserId || Array.Exists(message.Mentions, u => u.Id == botUserId);
        int intent = dm ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages;
        ulong? guildId = dm ? null : ulong.Parse(message.GuildId!, System.Globalization.CultureInfo.InvariantCulture);
        return new DispatchPayload(eventName, intent, guildId,
            () => GatewayFrames.Serialize(message, EmulatorJson.Context.JsonMessage),
            () => GatewayFrames.Serialize(Strip(message), EmulatorJson.Context.JsonMessage),
            visible);
    }

    public byte[] For(GatewaySession session)
    {
        if (_stripped is null || ContentAlwaysVisible || (session.Intents & GatewayIntentBits.MessageContent) != 0)
        {
            return _fullBytes ??= _full();
        }
        return _strippedBytes ??= _stripped();
    }

    private static JsonMessage Strip(JsonMessage m) => new()
    {
        Id = m.Id,
        Type = m.Type,
        ChannelId = m.ChannelId,
        GuildId = m.GuildId,
        Author = m.Author,
        Member = m.Member,
        Content = "",
        Timestamp = m.Timestamp,
        EditedTimestamp = m.EditedTimestamp,
        Tts = m.Tts,
        MentionEveryone = m.MentionEveryone,
        Mentions = m.Mentions,
        MentionRoles = m.MentionRoles,
        Pinned = m.Pinned,
        Flags = m.Flags,
        Nonce = m.Nonce,
        MessageReference = m.MessageReference,
        ReferencedMessage = m.ReferencedMessage is { } r ? Strip(r) : null,
    };
}
