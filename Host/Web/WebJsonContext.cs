using System.Text.Json.Serialization;

namespace AndyAI.Host.Web;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReadinessReport))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(Dashboard.OverviewSample))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
