using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Discord.Json.Lenient;

/// <summary>An optional number (a limit, a size): a numeric string is read; anything else reads as <see langword="null"/>.</summary>
internal sealed class LenientDoubleConverter : JsonConverter<double?>
{
    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double number)) return number;
        if (reader.TokenType == JsonTokenType.String && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)) return parsed;
        LenientJson.Skip(ref reader, "a number");
        return null;
    }

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is not double v) writer.WriteNullValue();
        // Integral limits are written as integers: Discord rejects 25.0 where it expects an integer (min_length).
        else if (v == Math.Floor(v) && Math.Abs(v) < 9_007_199_254_740_992) writer.WriteNumberValue((long)v);
        else writer.WriteNumberValue(v);
    }
}
