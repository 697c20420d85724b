namespace AndyAI.Abstractions;

/// <summary>Process-wide counters kept by the host. Cogs add to them and read them.</summary>
public interface IBotStatistics
{
    /// <summary>Adds <paramref name="value"/> to the named counter (for example <c>mentions.answered</c>).</summary>
    void Increment(string counter, long value = 1);

    /// <summary>Records one duration sample for the named histogram (for example <c>llm.latency</c>).</summary>
    void RecordDuration(string histogram, TimeSpan duration);

    /// <summary>A consistent copy of every counter and histogram.</summary>
    BotStatisticsSnapshot Snapshot();
}
