using AndyAI.Abstractions.Jobs;

namespace AndyAI.Testing;

/// <summary>An <see cref="IJobContext"/> for calling a job's handler directly from a test.</summary>
/// <param name="name">The job's name.</param>
/// <param name="scheduledTime">The tick the run is for.</param>
/// <param name="cancellationToken">What the host would cancel at unload.</param>
public sealed class FakeJobContext(string name, DateTimeOffset scheduledTime, CancellationToken cancellationToken = default) : IJobContext
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public DateTimeOffset ScheduledTime { get; } = scheduledTime;

    /// <inheritdoc />
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
