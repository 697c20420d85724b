using AndyAI.Abstractions.Jobs;

namespace AndyAI.Host.Cogs.Jobs;

/// <summary>What a job's handler receives for one run.</summary>
internal sealed class JobRun(string name, DateTimeOffset scheduledTime, CancellationToken cancellationToken) : IJobContext
{
    public string Name { get; } = name;

    public DateTimeOffset ScheduledTime { get; } = scheduledTime;

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
