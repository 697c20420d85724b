using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Host.Cogs.Jobs;

namespace AndyAI.Host.Cogs;

/// <summary>
/// One cog instance's registrations. During a reload two instances of a cog exist: registrations made by the new
/// one during StartAsync are staged and go live only at <see cref="Activate"/>, so the old instance keeps serving
/// until the switch, and a new version that fails to start never receives traffic.
/// </summary>
internal interface ICogContextScope : IAsyncDisposable
{
    ICogContext Context { get; }

    /// <summary>Makes the staged message handlers and commands live, replacing those of any previous instance of the same cog.</summary>
    void Activate();

    /// <summary>Stops delivering messages and commands to this instance (called before the cog's StopAsync).</summary>
    void Deactivate();

    /// <summary>How many times a handler or command of this instance threw.</summary>
    long HandlerErrorCount { get; }

    /// <summary>The last such error, one line ("InvalidOperationException: …"), or null.</summary>
    string? LastHandlerError { get; }

    /// <summary>This instance's scheduled jobs: schedule, next run, last result (for <c>!cogs</c> and the dashboard).</summary>
    IReadOnlyList<JobStatus> ScheduledJobs => [];

    /// <summary>
    /// After <see cref="Deactivate"/>: waits (at most <see cref="Loading.CogInstanceLifecycle.StopGrace"/>) for the
    /// scheduled job runs it cancelled, and names the jobs whose run ignored the cancellation and still goes.
    /// </summary>
    Task<IReadOnlyList<string>> StuckJobRunsAsync() => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>This instance's HTTP routes as operators see them (<c>POST /cogs/Hooks/github (anonymous)</c>), for <c>!cogs</c>.</summary>
    IReadOnlyList<string> HttpRoutes => [];
}
