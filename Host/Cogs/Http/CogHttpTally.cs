namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// One cog's route requests in this process by <see cref="CogHttpOutcome"/>, shared by the instances of that cog (a
/// reload's old and new instance hold the same tally): what <c>/metrics</c> exports as
/// <c>andyai.cogs.http.requests{cog, outcome}</c>. Holds only the cog's name and counts, never cog code. The counts
/// are lock-free; <see cref="CogHttpRequestTable"/> reads them when someone collects.
/// </summary>
internal sealed class CogHttpTally : CogHeldEntry
{
    private readonly long[] _counts = new long[CogHttpRequestTable.Outcomes.Length];

    public CogHttpTally(string cogName)
        : base(cogName)
    {
        Tags = [new("cog", cogName)];
    }

    public string CogName => Key;

    /// <summary>The <c>cog</c> tag, made once.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public long this[CogHttpOutcome outcome] => Interlocked.Read(ref _counts[(int)outcome]);

    public void Count(CogHttpOutcome outcome) => Interlocked.Increment(ref _counts[(int)outcome]);
}
