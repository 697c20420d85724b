using AndyAI.Abstractions.Interactions;
using AndyAI.Commands;

namespace AndyAI.Host.Interactions;

/// <summary>
/// Every live slash command and component/modal handler, host-wide. Writers serialise on a lock and publish a new
/// immutable array; readers (each interaction, the command sync) read that array without locking. A change to the
/// command set raises <see cref="CommandsChanged"/>, which the sync with Discord listens to.
/// </summary>
internal sealed class InteractionTable
{
    private readonly Lock _gate = new();
    private InteractionRoute[] _routes = [];

    /// <summary>Raised after the set of commands changed (outside the lock).</summary>
    public event Action? CommandsChanged;

    public IReadOnlyList<InteractionRoute> Routes => Volatile.Read(ref _routes);

    /// <summary>The live commands' routes (with their owners), ordered by command name.</summary>
    public IReadOnlyList<InteractionRoute> CommandRoutes =>
        [.. Volatile.Read(ref _routes).Where(r => r.Kind == InteractionRouteKind.Command).OrderBy(r => r.Command!.Name, StringComparer.Ordinal)];

    /// <summary>The live commands, ordered by name.</summary>
    public IReadOnlyList<SlashCommandDefinition> Commands => [.. CommandRoutes.Select(r => r.Command!)];

    /// <summary>
    /// The live commands usable in <paramref name="guildId"/>, ordered by name: those of owners the server turned off
    /// are left out (they would only answer that they are turned off). Null (a DM) lists them all.
    /// </summary>
    public IReadOnlyList<SlashCommandInfo> ListCommands(ulong? guildId, ICogGuildSwitch? guildSwitch) =>
        [.. CommandRoutes
            .Where(route => guildId is not { } guild || guildSwitch?.IsEnabled(route.Owner, guild) != false)
            .Select(route => InteractionMapper.ToInfo(route.Command!))];

    /// <summary>Checks that <paramref name="owner"/> may register <paramref name="route"/>, changing nothing.</summary>
    /// <exception cref="InvalidOperationException">Another owner holds the command name; the message names both.</exception>
    /// <summary>Discord's limit of chat-input commands per application (globally, and per guild).</summary>
    public const int MaxCommands = 100;

    public void EnsureCanAdd(string owner, InteractionRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        EnsureCanAdd(owner, route, Volatile.Read(ref _routes));
    }

    /// <summary>Replaces every route of <paramref name="owner"/> with <paramref name="routes"/> in one step.</summary>
    /// <exception cref="InvalidOperationException">A command name is held by another owner; nothing changed.</exception>
    public void ReplaceOwner(string owner, IReadOnlyList<InteractionRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        bool commandsChanged;
        lock (_gate)
        {
            InteractionRoute[] others = [.. _routes.Where(r => !string.Equals(r.Owner, owner, StringComparison.OrdinalIgnoreCase))];
            foreach (InteractionRoute route in routes)
            {
                EnsureCanAdd(owner, route, others);
            }

            int total = others.Count(r => r.Kind == InteractionRouteKind.Command) + routes.Count(r => r.Kind == InteractionRouteKind.Command);
            if (total > MaxCommands)
            {
                throw new InvalidOperationException(
                    $"{owner} cannot register its {routes.Count(r => r.Kind == InteractionRouteKind.Command)} slash commands: Discord allows {MaxCommands} per application, and the others hold {total - routes.Count(r => r.Kind == InteractionRouteKind.Command)}.");
            }

            commandsChanged = _routes.Any(r => r.Kind == InteractionRouteKind.Command && r.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase))
                || routes.Any(r => r.Kind == InteractionRouteKind.Command);
            Volatile.Write(ref _routes, [.. others, .. routes]);
        }

        if (commandsChanged)
        {
            CommandsChanged?.Invoke();
        }
    }

    /// <exception cref="InvalidOperationException">A command name is held by another owner; nothing changed.</exception>
    public void Add(string owner, InteractionRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        lock (_gate)
        {
            EnsureCanAdd(owner, route, _routes);
            Volatile.Write(ref _routes, [.. _routes, route]);
        }

        if (route.Kind == InteractionRouteKind.Command)
        {
            CommandsChanged?.Invoke();
        }
    }

    /// <summary>Removes those of <paramref name="routes"/> still live (by reference) and returns how many were.</summary>
    public int Remove(IReadOnlyList<InteractionRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        int removed;
        bool commandsChanged;
        lock (_gate)
        {
            InteractionRoute[] kept = [.. _routes.Where(r => !routes.Contains(r, ReferenceEqualityComparer.Instance))];
            removed = _routes.Length - kept.Length;
            commandsChanged = _routes.Except(kept, ReferenceEqualityComparer.Instance).Any(r => ((InteractionRoute)r!).Kind == InteractionRouteKind.Command);
            Volatile.Write(ref _routes, kept);
        }

        if (commandsChanged)
        {
            CommandsChanged?.Invoke();
        }

        return removed;
    }

    /// <summary>The live command named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public InteractionRoute? FindCommand(string? name) =>
        name is null ? null : Array.Find(Volatile.Read(ref _routes), r => r.Kind == InteractionRouteKind.Command && r.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The live handler of <paramref name="owner"/> whose prefix is the longest that <paramref name="id"/> starts with, or <see langword="null"/>.</summary>
    public InteractionRoute? FindHandler(InteractionRouteKind kind, string owner, string id)
    {
        InteractionRoute? best = null;
        foreach (InteractionRoute route in Volatile.Read(ref _routes))
        {
            if (route.Kind == kind && route.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase) && id.StartsWith(route.Key, StringComparison.Ordinal)
                && (best is null || route.Key.Length > best.Key.Length))
            {
                best = route;
            }
        }

        return best;
    }

    private static void EnsureCanAdd(string owner, InteractionRoute route, InteractionRoute[] live)
    {
        if (route.Kind != InteractionRouteKind.Command)
        {
            return; // handlers live in their owner's namespace: nothing to clash with
        }

        InteractionRoute? holder = Array.Find(live, r => r.Kind == InteractionRouteKind.Command && r.Key.Equals(route.Key, StringComparison.OrdinalIgnoreCase)
            && !ReferenceEquals(r, route));
        if (holder is not null && !holder.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{owner} cannot register slash command '/{route.Key}': {holder.Owner} already registered '/{holder.Key}'.");
        }

        int commands = live.Count(r => r.Kind == InteractionRouteKind.Command);
        if (holder is null && commands >= MaxCommands)
        {
            string owners = string.Join(", ", live.Where(r => r.Kind == InteractionRouteKind.Command).GroupBy(r => r.Owner, StringComparer.OrdinalIgnoreCase)
                .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
            throw new InvalidOperationException(
                $"{owner} cannot register slash command '/{route.Key}': Discord allows {MaxCommands} slash commands per application, and {commands} are registered ({owners}).");
        }
    }
}
