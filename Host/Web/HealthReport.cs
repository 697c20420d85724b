namespace AndyAI.Host.Web;

/// <summary>The JSON body of <c>/healthz</c>.</summary>
internal sealed record HealthReport(string Status);
