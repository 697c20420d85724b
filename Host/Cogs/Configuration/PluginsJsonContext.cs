using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Host.Cogs.Configuration;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(JsonPluginsFile))]
internal sealed partial class PluginsJsonContext : JsonSerializerContext;
