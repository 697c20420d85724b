using System.Collections.Frozen;
using System.Collections.Immutable;

namespace AndyAI.Commands;

/// <summary>
/// An immutable view of every registered command. Writers build a new one and swap it in, so the per-message
/// lookup takes no lock and allocates nothing.
/// </summary>
internal sealed class CatalogSnapshot
{
    private readonly FrozenDictionary<string, RegisteredCommand>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private CatalogSnapshot(FrozenDictionary<string, RegisteredCommand> byName, ImmutableArray<RegisteredCommand> commands, ImmutableDictionary<string, ImmutableArray<RegisteredCommand>> byOwner)
    {
        _lookup = byName.GetAlternateLookup<ReadOnlySpan<char>>();
        Commands = commands;
        ByOwner = byOwner;
    }

    public static CatalogSnapshot Empty { get; } = Build(ImmutableDictionary<string, ImmutableArray<RegisteredCommand>>.Empty, changedOwner: null);

    /// <summary>Every command, the host's first, then by owner and name.</summary>
    public ImmutableArray<RegisteredCommand> Commands { get; }

    public ImmutableDictionary<string, ImmutableArray<RegisteredCommand>> ByOwner { get; }

    /// <summary>Finds a command by name or alias, ignoring case.</summary>
    public bool TryGet(ReadOnlySpan<char> name, out RegisteredCommand command)
    {
        if (name.Length is 0 or > CommandDefinitionValidator.MaxNameLength)
        {
            command = null!;
            return false;
        }

        return _lookup.TryGetValue(name, out command!);
    }

    /// <summary>
    /// Indexes <paramref name="byOwner"/>. The commands of <paramref name="changedOwner"/> are indexed last, so a
    /// conflict is reported as that owner's claim on a name someone else already holds.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two commands claim one name; the message names both owners.</exception>
    public static CatalogSnapshot Build(ImmutableDictionary<string, ImmutableArray<RegisteredCommand>> byOwner, string? changedOwner)
    {
        var names = new Dictionary<string, RegisteredCommand>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<string> owners = byOwner.Keys
            .OrderBy(owner => owner == changedOwner ? 1 : 0)
            .ThenBy(owner => owner, StringComparer.Ordinal);
        foreach (string owner in owners)
        {
            foreach (RegisteredCommand command in byOwner[owner])
            {
                Claim(names, command.Name, command, isAlias: false);
                foreach (string alias in command.Definition.Aliases)
                {
                    Claim(names, alias, command, isAlias: true);
                }
            }
        }

        ImmutableArray<RegisteredCommand> all = [.. byOwner.Values.SelectMany(list => list)
            .OrderBy(command => command.Owner == ICommandCatalog.HostOwner ? 0 : 1)
            .ThenBy(command => command.Owner, StringComparer.OrdinalIgnoreCase)
            .ThenBy(command => command.Name, StringComparer.Ordinal)];
        return new CatalogSnapshot(names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), all, byOwner);
    }

    private static void Claim(Dictionary<string, RegisteredCommand> names, string name, RegisteredCommand command, bool isAlias)
    {
        if (names.TryAdd(name, command))
        {
            return;
        }

        RegisteredCommand holder = names[name];
        string claim = isAlias ? $"alias '{name}' of command '{command.Name}'" : $"command '{name}'";
        string held = string.Equals(holder.Name, name, StringComparison.OrdinalIgnoreCase) ? $"its command '{holder.Name}'" : $"an alias of its command '{holder.Name}'";
        throw new InvalidOperationException(holder.Owner == command.Owner
            ? $"{command.Owner} declares '{name}' twice: {claim} clashes with {held}."
            : $"{command.Owner} cannot register {claim}: {holder.Owner} already registered '{name}' ({held}).");
    }
}
