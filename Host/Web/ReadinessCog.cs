namespace AndyAI.Host.Web;

internal sealed record ReadinessCog(string Name, string State);
