namespace AndyAI.Abstractions.Jobs;

/// <summary>
/// Where a cog schedules work on a timer (contract 1.6): the host runs each job on its schedule while the cog instance
/// is live, never two runs of one job at once, and stops them when the cog unloads or reloads. A cog needs no
/// <c>Timer</c> or loop of its own, which would keep running old code after a reload and, in a cluster, run once per
/// process.
/// </summary>
/// <remarks>
/// Jobs registered during <c>StartAsync</c> start when the cog goes live (a new build that fails to start never runs
/// them); jobs registered later start at once. A run that outlasts its period makes the missed ticks be skipped, not
/// queued. A run that throws is logged with the cog's and job's names and counted among the cog's handler errors;
/// the job keeps its schedule. With <c>REDIS_URL</c>, a <see cref="JobOptions.ClusterWide"/> job runs in one process
/// per tick.
/// </remarks>
public interface IJobRegistry
{
    /// <summary>Schedules <paramref name="handler"/> under <paramref name="name"/>.</summary>
    /// <param name="name">Unique within the cog: 1 to 64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>; shown in <c>!cogs</c> and logs.</param>
    /// <param name="schedule">When it runs: <see cref="JobSchedule.Every"/> or <see cref="JobSchedule.Cron"/>.</param>
    /// <param name="handler">One run. Its <see cref="IJobContext.CancellationToken"/> fires when the cog unloads or the bot stops.</param>
    /// <param name="options">Whether it runs once per cluster (the default) or in every process.</param>
    /// <returns>Disposing it removes the job (cancelling a run in progress); the name may then be used again.</returns>
    /// <exception cref="ArgumentException">A bad name, one this cog already uses, or a cron expression that does not parse.</exception>
    /// <exception cref="InvalidOperationException">The cog has 64 jobs already (the host's limit per cog).</exception>
    IDisposable Add(string name, JobSchedule schedule, Func<IJobContext, ValueTask> handler, JobOptions? options = null);
}
