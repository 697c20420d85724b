namespace AndyAI.Host.Cogs;

/// <summary>
/// Which instance of a cog receives traffic. During a reload two instances exist; switching this one reference is
/// what moves traffic from the old to the new, so the two never both handle messages for long.
/// </summary>
internal sealed class CogSlot
{
    private CogContextScope? _current;

    public CogContextScope? Current => Volatile.Read(ref _current);

    public void SetCurrent(CogContextScope scope) => Volatile.Write(ref _current, scope);

    /// <summary>Clears the slot only if <paramref name="scope"/> still holds it (an old instance must not evict a newer one).</summary>
    public void ClearIfCurrent(CogContextScope scope) => Interlocked.CompareExchange(ref _current, null, scope);
}
