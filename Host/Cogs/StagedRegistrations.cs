namespace AndyAI.Host.Cogs;

/// <summary>
/// What one cog instance registered on one surface. Registrations made before <see cref="Activate"/> are only
/// staged: a new version that fails to start never receives traffic, and the previous instance keeps serving until
/// the switch. <see cref="Activate"/> publishes them to the surface's <see cref="IRegistrationTarget{T}"/> in one
/// step; registrations made afterwards go live at once; <see cref="Deactivate"/> takes back everything (the target
/// leaves alone what a newer instance already replaced) and refuses further registrations, so nothing a cog
/// registered outlives its unload.
/// </summary>
/// <remarks>
/// A new surface (slash commands, component handlers, scheduled jobs, HTTP routes: <see cref="Http.CogHttpRegistry"/>) is a registry type that owns one
/// of these over its own target, plus one line in <see cref="CogContextScope"/>. Writers serialise on a lock (the
/// target is called under it, so a registration can never go live after its instance was deactivated); readers
/// of <see cref="Items"/> see an immutable array without locking.
/// </remarks>
/// <typeparam name="T">One registration; compared by reference.</typeparam>
internal sealed class StagedRegistrations<T> : ICogSurface
    where T : class
{
    private readonly IRegistrationTarget<T> _target;
    private readonly Lock _gate = new();
    private T[] _items = [];
    private Phase _phase;

    public StagedRegistrations(string kind, IRegistrationTarget<T> target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(target);
        Kind = kind;
        _target = target;
    }

    private enum Phase
    {
        Staged,
        Live,
        Withdrawn,
    }

    public string Kind { get; }

    /// <summary>The registrations held now (staged or live), oldest first.</summary>
    public IReadOnlyList<T> Items => Volatile.Read(ref _items);

    /// <summary>
    /// Stages <paramref name="item"/>, or publishes it at once when already live. Returns false, keeping nothing,
    /// once deactivated: the instance is unloading and the item must never go live.
    /// </summary>
    /// <exception cref="InvalidOperationException">Live, and the target refused the item; it is not kept.</exception>
    public bool Add(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (_phase == Phase.Withdrawn)
            {
                return false;
            }

            if (_phase == Phase.Live)
            {
                _target.Add(item);
            }

            Volatile.Write(ref _items, [.. _items, item]);
            return true;
        }
    }

    /// <summary>Forgets <paramref name="item"/> (a cog disposing one registration), taking it back when live. False when not held.</summary>
    public bool Remove(T item)
    {
        lock (_gate)
        {
            int index = Array.FindIndex(_items, held => ReferenceEquals(held, item));
            if (index < 0)
            {
                return false;
            }

            Volatile.Write(ref _items, [.. _items.AsSpan(0, index), .. _items.AsSpan(index + 1)]);
            if (_phase == Phase.Live)
            {
                _target.Withdraw([item]);
            }

            return true;
        }
    }

    public void EnsureCanActivate()
    {
        lock (_gate)
        {
            ThrowIfNotStaged();
            _target.EnsureCanPublish(_items);
        }
    }

    /// <exception cref="InvalidOperationException">Already activated or deactivated; or the target refused (then still staged).</exception>
    public int Activate()
    {
        lock (_gate)
        {
            ThrowIfNotStaged();
            T[] items = _items;
            _target.Publish(items);
            _phase = Phase.Live;
            return items.Length;
        }
    }

    public int Deactivate()
    {
        lock (_gate)
        {
            bool wasLive = _phase == Phase.Live;
            T[] items = _items;
            _phase = Phase.Withdrawn;
            Volatile.Write(ref _items, []);
            return wasLive && items.Length > 0 ? _target.Withdraw(items) : 0;
        }
    }

    private void ThrowIfNotStaged()
    {
        if (_phase != Phase.Staged)
        {
            throw new InvalidOperationException($"These {Kind} were activated or withdrawn already; a cog instance goes live once.");
        }
    }
}
