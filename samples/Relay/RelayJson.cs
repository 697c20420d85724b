using System.Text.Json.Serialization;

namespace AndyAI.Samples.Relay;

/// <summary>Source-generated JSON (reflection over a cog's types would pin its load context after unload).</summary>
[JsonSerializable(typeof(RelaySettings))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
internal sealed partial class RelayJson : JsonSerializerContext;
