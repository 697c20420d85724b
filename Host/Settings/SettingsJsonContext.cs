using System.Text.Json.Serialization;

namespace AndyAI.Host.Settings;

/// <summary>Source-generated JSON for the stored settings documents (camelCase, unset members left out, ids as strings).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
[JsonSerializable(typeof(GuildSettingsDocument))]
[JsonSerializable(typeof(UserSettingsDocument))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
