using System.Text.Json.Serialization;

namespace AndyAI.Cluster.Admin;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterMessage))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
