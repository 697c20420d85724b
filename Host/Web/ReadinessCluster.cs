namespace AndyAI.Host.Web;

/// <summary>The cluster part of <c>/readyz</c>.</summary>
internal sealed record ReadinessCluster(string Instance, string Redis, string State);
