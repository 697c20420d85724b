using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Discord.Json.Lenient;

/// <summary>An optional list of snowflakes: unreadable entries are left out; anything but an array reads as <see langword="null"/>.</summary>
internal sealed class LenientSnowflakeArrayConverter : JsonConverter<ulong[]?>
{
    private static readonly LenientSnowflakeConverter Element = new();

    public override ulong[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            LenientJson.Skip(ref reader, "an array of snowflakes");
            return null;
        }

        var ids = new List<ulong>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Null && Element.Read(ref reader, typeof(ulong?), options) is ulong id) ids.Add(id);
        }

        return [.. ids];
    }

    public override void Write(Utf8JsonWriter writer, ulong[]? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (ulong id in value) Element.Write(writer, id, options);
        writer.WriteEndArray();
    }
}
