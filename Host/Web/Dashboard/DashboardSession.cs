namespace AndyAI.Host.Web.Dashboard;

/// <summary>One logged-in browser.</summary>
internal sealed record DashboardSession(string Id, string AntiForgeryToken, DateTimeOffset ExpiresAt);
