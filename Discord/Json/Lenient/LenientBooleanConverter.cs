using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Discord.Json.Lenient;

/// <summary>An optional flag: <c>true</c> only for JSON true (or <c>"true"</c>); null, a number or an object read as false.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool HandleNull => true;

    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return false;
            case JsonTokenType.String when reader.ValueTextEquals("true"u8):
                return true;
            default:
                LenientJson.Skip(ref reader, "true or false");
                return false;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}
