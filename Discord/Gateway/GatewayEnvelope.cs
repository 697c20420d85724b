using System.Buffers.Text;
using System.Text.Json;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// The top level of a gateway payload (<c>op</c>, <c>s</c>, <c>t</c> and where <c>d</c> lies), read without
/// allocating and without deserializing <c>d</c>.
/// </summary>
internal readonly record struct GatewayEnvelope(int Op, int? Sequence, GatewayEventName EventName, int DataStart, int DataLength)
{
    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> payload) => payload.Slice(DataStart, DataLength);

    /// <exception cref="JsonException">The payload is not a JSON object with an <c>op</c>.</exception>
    public static GatewayEnvelope Read(ReadOnlySpan<byte> payload)
    {
        if (TryReadDispatchPrefix(payload, out GatewayEnvelope dispatch)) return dispatch;

        var reader = new Utf8JsonReader(payload, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A gateway payload must be a JSON object.");
        }

        int op = -1;
        int? seq = null;
        bool seqSeen = false;
        GatewayEventName name = GatewayEventName.None;
        bool nameSeen = false;
        int dataStart = 0, dataLength = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("op"u8))
            {
                reader.Read();
                op = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                reader.Read();
                seq = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
                seqSeen = true;
            }
            else if (reader.ValueTextEquals("t"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.Null ? GatewayEventName.None : MatchName(ref reader);
                nameSeen = true;
            }
            else if (reader.ValueTextEquals("d"u8))
            {
                reader.Read();
                dataStart = (int)reader.TokenStartIndex;
                if (op >= 0 && seqSeen && nameSeen && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    // Discord writes t, s, op before d, so d runs to the closing brace: skip tokenizing it (the
                    // whole point of the cheap MESSAGE_CREATE filter). Its JSON is validated when it is parsed.
                    int end = payload.Length - 1;
                    while (end > dataStart && IsWhiteSpace(payload[end])) end--;
                    if (payload[end] != (byte)'}') throw new JsonException("A gateway payload must end with '}'.");
                    dataLength = end - dataStart;
                    while (dataLength > 0 && IsWhiteSpace(payload[dataStart + dataLength - 1])) dataLength--;
                    return new GatewayEnvelope(op, seq, name, dataStart, dataLength);
                }

                reader.Skip();
                dataLength = (int)reader.BytesConsumed - dataStart;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (op < 0) throw new JsonException("A gateway payload must have an 'op'.");
        return new GatewayEnvelope(op, seq, name, dataStart, dataLength);
    }

    /// <summary>
    /// The fast path for the shape Discord writes every dispatch in, <c>{"t":"NAME","s":123,"op":0,"d":{…}}</c>
    /// with no whitespace: a dispatch costs a few comparisons instead of a JSON reader. Anything else (other
    /// order, spaces, escapes, nulls) returns <see langword="false"/> and takes the general path, which gives the
    /// same result for this shape.
    /// </summary>
    private static bool TryReadDispatchPrefix(ReadOnlySpan<byte> payload, out GatewayEnvelope envelope)
    {
        envelope = default;
        ReadOnlySpan<byte> rest = payload;
        if (!rest.StartsWith("{\"t\":\""u8)) return false;
        rest = rest[6..];
        int nameEnd = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (nameEnd < 0 || rest[nameEnd] != (byte)'"') return false;
        GatewayEventName name = MatchName(rest[..nameEnd]);
        rest = rest[(nameEnd + 1)..];
        if (!rest.StartsWith(",\"s\":"u8)) return false;
        rest = rest[5..];
        if (rest.IsEmpty || !char.IsAsciiDigit((char)rest[0])
            || !Utf8Parser.TryParse(rest, out int sequence, out int digits) || digits >= rest.Length
            || (digits > 1 && rest[0] == (byte)'0')) return false;
        rest = rest[digits..];
        if (!rest.StartsWith(",\"op\":0,\"d\":{"u8)) return false;
        int dataStart = payload.Length - rest.Length + 12; // the '{' after "d":
        int end = payload.Length - 1;
        while (end > dataStart && IsWhiteSpace(payload[end])) end--;
        if (end <= dataStart || payload[end] != (byte)'}') return false;
        int dataLength = end - dataStart;
        while (dataLength > 0 && IsWhiteSpace(payload[dataStart + dataLength - 1])) dataLength--;
        envelope = new GatewayEnvelope(0, sequence, name, dataStart, dataLength);
        return true;
    }

    private static GatewayEventName MatchName(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("MESSAGE_CREATE"u8)) return GatewayEventName.MessageCreate;
        if (name.SequenceEqual("READY"u8)) return GatewayEventName.Ready;
        if (name.SequenceEqual("RESUMED"u8)) return GatewayEventName.Resumed;
        if (name.SequenceEqual("GUILD_CREATE"u8)) return GatewayEventName.GuildCreate;
        if (name.SequenceEqual("GUILD_DELETE"u8)) return GatewayEventName.GuildDelete;
        if (name.SequenceEqual("GUILD_ROLE_CREATE"u8)) return GatewayEventName.GuildRoleCreate;
        if (name.SequenceEqual("GUILD_ROLE_UPDATE"u8)) return GatewayEventName.GuildRoleUpdate;
        if (name.SequenceEqual("GUILD_ROLE_DELETE"u8)) return GatewayEventName.GuildRoleDelete;
        if (name.SequenceEqual("CHANNEL_CREATE"u8)) return GatewayEventName.ChannelCreate;
        if (name.SequenceEqual("CHANNEL_UPDATE"u8)) return GatewayEventName.ChannelUpdate;
        if (name.SequenceEqual("CHANNEL_DELETE"u8)) return GatewayEventName.ChannelDelete;
        if (name.SequenceEqual("INTERACTION_CREATE"u8)) return GatewayEventName.InteractionCreate;
        if (name.SequenceEqual("THREAD_CREATE"u8)) return GatewayEventName.ThreadCreate;
        if (name.SequenceEqual("THREAD_UPDATE"u8)) return GatewayEventName.ThreadUpdate;
        if (name.SequenceEqual("THREAD_DELETE"u8)) return GatewayEventName.ThreadDelete;
        if (name.SequenceEqual("THREAD_LIST_SYNC"u8)) return GatewayEventName.ThreadListSync;
        return GatewayEventName.Unknown;
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static GatewayEventName MatchName(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return MatchName(reader.ValueSpan);
        // An escaped name ("\u0052EADY") unescapes to at most its own length; no known name is anywhere near this.
        Span<byte> unescaped = stackalloc byte[128];
        if (reader.ValueSpan.Length > unescaped.Length) return GatewayEventName.Unknown;
        int length = reader.CopyString(unescaped);
        return MatchName(unescaped[..length]);
    }
}
