namespace AndyAI.Host.Web;

/// <summary>
/// Where the HTTP listener ended up (port 0 picks one) and what to tell the person at the console. A plain class,
/// so the sandbox chat can read it without loading ASP.NET Core.
/// </summary>
internal sealed class WebListenerStatus
{
    /// <summary>The bound address (<c>http://127.0.0.1:8080</c>), or null until the listener started (or when it could not).</summary>
    public Uri? Address { get; set; }

    /// <summary>The generated dashboard token, shown once at the console; null when DASHBOARD_TOKEN was set.</summary>
    public string? GeneratedToken { get; set; }

    /// <summary>Why the listener is not running although it was asked for (the address was taken), or null.</summary>
    public string? Problem { get; set; }

    /// <summary>The console line about the dashboard, or null when there is none to print.</summary>
    public string? Announcement => Address is { } address
        // Cogs' routes are named too: a cog author trying one in the sandbox otherwise has to know they live here.
        ? $"Dashboard: {address}  (probes /healthz /readyz, metrics /metrics, cogs' routes {address}cogs/<cog>/…)"
            + (GeneratedToken is { } token ? $"; login token: {token} (generated; set DASHBOARD_TOKEN to choose one; also the cogs' routes' bearer token)" : "")
        : Problem;
}
