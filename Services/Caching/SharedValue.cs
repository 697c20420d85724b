namespace AndyAI.Services.Caching;

/// <summary>A value from the shared level.</summary>
/// <param name="Value">The text.</param>
/// <param name="StoredFor">
/// The time it stays stored when it was found there; <see langword="null"/> when it was computed just now (here or
/// by the process this one waited for).
/// </param>
internal readonly record struct SharedValue(string Value, TimeSpan? StoredFor)
{
    /// <summary>Whether the value was found stored (a hit), not computed for this miss.</summary>
    public bool WasStored => StoredFor is not null;
}
