using System.Text.Json.Serialization;

namespace AndyAI.Cogs.Utility;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(UtilitySettings))]
internal sealed partial class UtilityJsonContext : JsonSerializerContext;
