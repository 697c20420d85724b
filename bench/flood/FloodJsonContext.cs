using System.Text.Json.Serialization;

namespace AndyAI.Discord.FloodBench;

[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
internal sealed partial class FloodJsonContext : JsonSerializerContext;
