namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// Every live cog HTTP route, host-wide. Writers serialise on a lock and publish a new immutable array; each request
/// reads that array without locking. A cog's routes are replaced in one write at its activation, so a request during a
/// reload finds the old instance's route or the new one's, never neither.
/// </summary>
internal sealed class CogHttpRouteTable
{
    private readonly Lock _gate = new();
    private CogHttpRoute[] _routes = [];
    private volatile bool _isServed;
    private int _notServedNoticed;

    public IReadOnlyList<CogHttpRoute> Routes => Volatile.Read(ref _routes);

    /// <summary>Whether the HTTP listener runs and serves the routes; set by the listener when it starts and stops.</summary>
    public bool IsServed
    {
        get => _isServed;
        set => _isServed = value;
    }

    /// <summary>True the first time only: the one "routes registered, but not served" notice of the process.</summary>
    public bool ClaimNotServedNotice() => Interlocked.Exchange(ref _notServedNoticed, 1) == 0;

    /// <summary>The live routes of <paramref name="owner"/>, in the order it mapped them.</summary>
    public IReadOnlyList<CogHttpRoute> RoutesOf(string owner) =>
        [.. Volatile.Read(ref _routes).Where(r => r.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Replaces every route of <paramref name="owner"/> with <paramref name="routes"/> in one step.</summary>
    public void ReplaceOwner(string owner, IReadOnlyList<CogHttpRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        lock (_gate)
        {
            Volatile.Write(ref _routes, [.. _routes.Where(r => !r.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase)), .. routes]);
        }
    }

    /// <exception cref="InvalidOperationException">The owner has a live route of the same method and path shape (a previous instance's, before it was withdrawn).</exception>
    public void Add(CogHttpRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        lock (_gate)
        {
            if (Array.Find(_routes, r => Same(r, route)) is { } live)
            {
                throw new InvalidOperationException($"{route.Owner} cannot map {route.Description}: {live.Description} is live.");
            }

            Volatile.Write(ref _routes, [.. _routes, route]);
        }
    }

    /// <summary>Removes those of <paramref name="routes"/> still live (by reference) and returns how many were.</summary>
    public int Remove(IReadOnlyList<CogHttpRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        lock (_gate)
        {
            CogHttpRoute[] kept = [.. _routes.Where(r => !routes.Contains(r, ReferenceEqualityComparer.Instance))];
            int removed = _routes.Length - kept.Length;
            Volatile.Write(ref _routes, kept);
            return removed;
        }
    }

    /// <summary>
    /// The route of <paramref name="owner"/> for <paramref name="method"/> whose template matches
    /// <paramref name="segments"/> (the path under the cog's prefix, decoded), the most specific when several do.
    /// </summary>
    public CogHttpMatch Match(string owner, string method, IReadOnlyList<string> segments)
    {
        CogHttpRoute? best = null;
        IReadOnlyDictionary<string, string>? bestValues = null;
        List<string>? allowed = null;
        foreach (CogHttpRoute route in Volatile.Read(ref _routes))
        {
            if (!route.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase) || !route.Template.TryMatch(segments, out Dictionary<string, string>? values))
            {
                continue;
            }

            if (!route.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            {
                allowed ??= [];
                if (!allowed.Contains(route.Method)) allowed.Add(route.Method);
                continue;
            }

            if (best is null || route.Template.Specificity > best.Template.Specificity)
            {
                best = route;
                bestValues = values;
            }
        }

        return best is not null ? new CogHttpMatch(best, bestValues, null)
            : new CogHttpMatch(null, null, allowed is null ? null : string.Join(", ", allowed));
    }

    private static bool Same(CogHttpRoute a, CogHttpRoute b) =>
        a.Owner.Equals(b.Owner, StringComparison.OrdinalIgnoreCase) && a.Method == b.Method && a.Template.Shape == b.Template.Shape;
}
