using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AndyAI.Host.Cogs.Configuration;

/// <summary>
/// Checks plugins.json against the shape of <see cref="JsonPluginsFile"/> before it is deserialized. System.Text.Json
/// reports an unknown key or a value of the wrong type as "invalid JSON" in .NET terms (member and type names); this
/// says what is wrong in the file's terms: the key, its path, what it must be and where it is. The shape comes from
/// the source-generated metadata, so a new property in the file needs no change here.
/// </summary>
internal static class PluginsJsonSchema
{
    private const int MaxShownLength = 40;

    /// <exception cref="PluginsConfigurationException">The text is not valid JSON, or not shaped like plugins.json.</exception>
    public static void Check(ReadOnlySpan<byte> utf8Json, string sourcePath)
    {
        JsonSerializerOptions options = PluginsJsonContext.Default.Options;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            CommentHandling = options.ReadCommentHandling,
            AllowTrailingCommas = options.AllowTrailingCommas,
            MaxDepth = options.MaxDepth,
        });
        try
        {
            reader.Read();
            CheckValue(ref reader, PluginsJsonContext.Default.JsonPluginsFile, "", utf8Json, sourcePath);
            reader.Read(); // anything after the top-level value is a syntax error
        }
        catch (JsonException e)
        {
            long? line = e.LineNumber + 1;
            long? position = e.BytePositionInLine + 1;
            string where = line is null ? "" : $" at line {line}, position {position}";
            throw new PluginsConfigurationException($"{sourcePath}: invalid JSON{where}: {FirstSentence(e.Message)}", e)
            {
                Line = line,
                Position = position,
            };
        }
    }

    /// <summary>Where a problem is, in the same terms as a syntax error: 1-based line and 1-based byte in that line.</summary>
    public static PluginsConfigurationException Problem(ReadOnlySpan<byte> utf8Json, long offset, string sourcePath, string problem)
    {
        ReadOnlySpan<byte> before = utf8Json[..(int)Math.Min(offset, utf8Json.Length)];
        long line = before.Count((byte)'\n') + 1;
        long position = before.Length - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return new PluginsConfigurationException($"{sourcePath}: line {line}, position {position}: {problem}")
        {
            Line = line,
            Position = position,
        };
    }

    private static void CheckValue(ref Utf8JsonReader reader, JsonTypeInfo expected, string path, ReadOnlySpan<byte> utf8Json, string sourcePath)
    {
        // Every key is optional and null means "not given"; the parser says where null is not allowed (a cog entry).
        if (reader.TokenType == JsonTokenType.Null) return;
        Type type = Nullable.GetUnderlyingType(expected.Type) ?? expected.Type;
        switch (expected.Kind)
        {
            case JsonTypeInfoKind.Object when reader.TokenType == JsonTokenType.StartObject:
                CheckObject(ref reader, expected, path, utf8Json, sourcePath);
                return;
            case JsonTypeInfoKind.Dictionary when reader.TokenType == JsonTokenType.StartObject:
                JsonTypeInfo valueType = expected.Options.GetTypeInfo(expected.ElementType!);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string key = reader.GetString()!;
                    reader.Read();
                    CheckValue(ref reader, valueType, Join(path, key), utf8Json, sourcePath);
                }

                return;
            case JsonTypeInfoKind.Enumerable when reader.TokenType == JsonTokenType.StartArray:
                JsonTypeInfo elementType = expected.Options.GetTypeInfo(expected.ElementType!);
                for (int index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
                {
                    CheckValue(ref reader, elementType, $"{path}[{index}]", utf8Json, sourcePath);
                }

                return;
            case JsonTypeInfoKind.None when type == typeof(JsonElement):
                reader.Skip(); // any JSON: the parser checks settings and sha256 itself
                return;
            case JsonTypeInfoKind.None when type == typeof(bool) && reader.TokenType is JsonTokenType.True or JsonTokenType.False:
            case JsonTypeInfoKind.None when type == typeof(string) && reader.TokenType == JsonTokenType.String:
                return;
            case JsonTypeInfoKind.None when type != typeof(bool) && type != typeof(string):
                reader.Skip(); // a kind of value this check does not know yet: deserialization judges it
                return;
        }

        string subject = path.Length == 0 ? "the file" : path;
        throw Problem(utf8Json, reader.TokenStartIndex, sourcePath, $"{subject} must be {Describe(expected)}, found {Found(ref reader)}");
    }

    private static void CheckObject(ref Utf8JsonReader reader, JsonTypeInfo expected, string path, ReadOnlySpan<byte> utf8Json, string sourcePath)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            // The serializer matches names case-insensitively (PluginsJsonContext), so this does too.
            JsonPropertyInfo? property = expected.Properties.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                string where = path.Length == 0 ? "" : $" in {path}";
                string known = string.Join(", ", expected.Properties.Select(p => p.Name));
                throw Problem(utf8Json, reader.TokenStartIndex, sourcePath, $"unknown key '{Shorten(key)}'{where} (known: {known})");
            }

            reader.Read();
            CheckValue(ref reader, expected.Options.GetTypeInfo(property.PropertyType), Join(path, key), utf8Json, sourcePath);
        }
    }

    private static string Describe(JsonTypeInfo expected)
    {
        Type type = Nullable.GetUnderlyingType(expected.Type) ?? expected.Type;
        return expected.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            JsonTypeInfoKind.Enumerable when expected.ElementType == typeof(string) => "an array of strings",
            JsonTypeInfoKind.Enumerable => "an array",
            _ when type == typeof(bool) => "true or false",
            _ => "a string",
        };
    }

    private static string Found(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => $"\"{Shorten(reader.GetString()!)}\"",
        _ => Shorten(Encoding.UTF8.GetString(reader.ValueSpan)), // a number, true or false, as written
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Shorten(string text) => text.Length <= MaxShownLength ? text : $"{text[..MaxShownLength]}…";

    // The reader ends its messages with "LineNumber: 3 | BytePositionInLine: 7." and the serializer with
    // "Path: $.cogs | LineNumber: …": we say line and position ourselves.
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ").Trim();
    }
}
