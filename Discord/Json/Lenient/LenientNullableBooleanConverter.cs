using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Discord.Json.Lenient;

/// <summary>An optional flag whose absence means something (a text input's <c>required</c> defaults to true): anything but true or false reads as <see langword="null"/>.</summary>
internal sealed class LenientNullableBooleanConverter : JsonConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                LenientJson.Skip(ref reader, "true or false");
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is bool v) writer.WriteBooleanValue(v);
        else writer.WriteNullValue();
    }
}
