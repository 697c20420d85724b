namespace AndyAI.Abstractions.Jobs;

/// <summary>One run of a scheduled job (contract 1.6).</summary>
public interface IJobContext
{
    /// <summary>The job's name, as registered.</summary>
    string Name { get; }

    /// <summary>The tick this run is for (it starts at or shortly after it, by the cog context's clock).</summary>
    DateTimeOffset ScheduledTime { get; }

    /// <summary>Fires when the cog unloads or reloads, the job is removed, or the bot stops: stop and return.</summary>
    CancellationToken CancellationToken { get; }
}
