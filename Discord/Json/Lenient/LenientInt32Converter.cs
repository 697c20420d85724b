using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Discord.Json.Lenient;

/// <summary>An optional number such as a message type: a numeric string is read, anything else (null, text, an object) reads as 0.</summary>
/// <remarks>Unknown enum values need nothing: they are numbers, kept as they are.</remarks>
internal sealed class LenientInt32Converter : JsonConverter<int>
{
    public override bool HandleNull => true;

    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int number)) return number;
        if (reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int parsed)) return parsed;
        if (reader.TokenType != JsonTokenType.Null) LenientJson.Skip(ref reader, "a number");
        return 0;
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
