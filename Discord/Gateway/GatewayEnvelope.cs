using System.Text.Json;

namespace AndyAI.Discord.Gateway;

/// <summary>The event names the client acts on; everything else is counted and ignored.</summary>
internal enum GatewayEventName
{
    None,
    Unknown,
    Ready,
    Resumed,
    GuildCreate,
    GuildDelete,
    GuildRoleCreate,
    GuildRoleUpdate,
    MessageCreate,
}

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

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static GatewayEventName MatchName(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("MESSAGE_CREATE"u8)) return GatewayEventName.MessageCreate;
        if (reader.ValueTextEquals("READY"u8)) return GatewayEventName.Ready;
        if (reader.ValueTextEquals("RESUMED"u8)) return GatewayEventName.Resumed;
        if (reader.ValueTextEquals("GUILD_CREATE"u8)) return GatewayEventName.GuildCreate;
        if (reader.ValueTextEquals("GUILD_DELETE"u8)) return GatewayEventName.GuildDelete;
        if (reader.ValueTextEquals("GUILD_ROLE_CREATE"u8)) return GatewayEventName.GuildRoleCreate;
        if (reader.ValueTextEquals("GUILD_ROLE_UPDATE"u8)) return GatewayEventName.GuildRoleUpdate;
        return GatewayEventName.Unknown;
    }
}
