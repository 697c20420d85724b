using System.Text.Json.Serialization;

namespace AndyAI.Cluster.Admin;

/// <summary>A request to every process, or one process's answer to it (on the admin channels).</summary>
/// <param name="Id">The request's id; an answer carries the same.</param>
/// <param name="From">The sender's owner id (name/suffix).</param>
/// <param name="Kind">What to do (<c>reload</c>, <c>load</c>, <c>unload</c>, <c>cogs</c>…); empty in an answer.</param>
/// <param name="Argument">The request's argument (cog names), or the answer's text.</param>
internal sealed record ClusterMessage(string Id, string From, string Kind, string Argument);

/// <summary>One process's answer to a broadcast request.</summary>
/// <param name="Instance">The process's name (INSTANCE_NAME).</param>
/// <param name="Text">What it answered, or <see langword="null"/> when it did not answer in time.</param>
/// <param name="IsLocal">Whether it is the process that asked.</param>
internal sealed record ClusterAnswer(string Instance, string? Text, bool IsLocal);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterMessage))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
