using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Discord.Json.Lenient;

/// <summary>
/// An optional snowflake: a string or a number; anything else (<c>""</c>, <c>"abc"</c>, an object) reads as
/// <see langword="null"/> instead of failing the whole payload. Written as a string, as Discord sends them.
/// </summary>
internal sealed class LenientSnowflakeConverter : JsonConverter<ulong?>
{
    public override ulong? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out ulong number)) return number;
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && Utf8Parser.TryParse(reader.ValueSpan, out ulong parsed, out int consumed) && consumed == reader.ValueSpan.Length)
        {
            return parsed;
        }

        LenientJson.Skip(ref reader, "a snowflake");
        return null;
    }

    public override void Write(Utf8JsonWriter writer, ulong? value, JsonSerializerOptions options)
    {
        if (value is ulong v)
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(v, digits, out int written);
            writer.WriteStringValue(digits[..written]);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
