using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AndyAI.Discord.Json.Lenient;

/// <summary>
/// An optional object or list of objects (<c>message_reference</c>, <c>referenced_message</c>, <c>mentions</c>): when
/// it cannot be read (wrong type, a required inner field unreadable) it becomes <see langword="null"/> and the rest
/// of the payload is kept.
/// </summary>
/// <remarks>Needs the whole value in the buffer (so it can skip after a failure): callers deserialize complete payloads.</remarks>
internal sealed class LenientObjectConverter<T> : JsonConverter<T?>
    where T : class
{
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        Utf8JsonReader attempt = reader;
        try
        {
            T? value = JsonSerializer.Deserialize(ref attempt, typeInfo);
            reader.Skip();
            return value;
        }
        catch (JsonException)
        {
            LenientJson.Skip(ref reader, typeof(T).Name);
            return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }
}
