namespace AndyAI.Cluster.Admin;

/// <summary>One process's answer to a broadcast request.</summary>
/// <param name="Instance">The process's name (INSTANCE_NAME).</param>
/// <param name="Text">What it answered, or <see langword="null"/> when it did not answer in time.</param>
/// <param name="IsLocal">Whether it is the process that asked.</param>
internal sealed record ClusterAnswer(string Instance, string? Text, bool IsLocal);
