using System.Text.Json.Serialization;

namespace AndyAI.BotBench;

/// <summary>Source-generated JSON for the one result line the harness prints.</summary>
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
