namespace AndyAI.Host.Cogs;

/// <summary>
/// One cog's handler errors in this process, shared by the instances of that cog (a reload's old and new instance
/// hold the same tally): what <c>/metrics</c> exports as <c>andyai.cogs.handler_errors{cog}</c>. Holds only the cog's
/// name (a string), never cog code, so a series left behind pins no load context. The count is lock-free;
/// <see cref="CogErrorTable"/> reads it when someone collects.
/// </summary>
internal sealed class CogErrorTally : CogHeldEntry
{
    private long _count;

    public CogErrorTally(string cogName)
        : base(cogName)
    {
        Tags = [new("cog", cogName)];
    }

    public string CogName => Key;

    /// <summary>The <c>cog</c> tag, made once.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public long Count => Interlocked.Read(ref _count);

    public void CountError() => Interlocked.Increment(ref _count);
}
