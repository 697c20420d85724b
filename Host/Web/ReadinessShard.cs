namespace AndyAI.Host.Web;

internal sealed record ReadinessShard(int Id, string State, double? LatencyMs);
