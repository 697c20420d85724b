namespace AndyAI.Host.Cogs.Jobs;

/// <summary>One scheduled job as the operator sees it (<c>!cogs</c>, the dashboard's cog page). Holds no cog code.</summary>
/// <param name="Name">The job's name.</param>
/// <param name="Schedule">"every 5 min", "every 1 h 30 min" or "cron 0 9 * * * (UTC)".</param>
/// <param name="ClusterWide">Whether one process of the cluster runs each tick.</param>
/// <param name="NextRun">The next tick, or null when it never comes round again (or the job stopped).</param>
/// <param name="LastRun">When the last tick this process handled was due, or null.</param>
/// <param name="LastResult">What that tick did ("ok", "failed (InvalidOperationException)", "ran in another process", "skipped: its previous run is still going", "skipped: the previous instance's run is still going", …), or null.</param>
internal sealed record JobStatus(string Name, string Schedule, bool ClusterWide, DateTimeOffset? NextRun, DateTimeOffset? LastRun, string? LastResult);
