using System.Collections.Immutable;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Commands.Parsing;

namespace AndyAI.Commands;

/// <summary>
/// Every command, keyed by owner. Writes (cog start, reload, unload) are rare and serialised; reads happen on every
/// message and see an immutable <see cref="CatalogSnapshot"/> without locking.
/// </summary>
internal sealed class CommandCatalog : ICommandCatalog
{
    private readonly Lock _writeGate = new();
    private readonly IDiscordBot _bot;
    private volatile CatalogSnapshot _snapshot = CatalogSnapshot.Empty;

    public CommandCatalog(CommandsOptions options, IDiscordBot bot, ICogGuildSwitch? cogSwitch = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bot);
        Prefix = options.Prefix;
        _bot = bot;
        Add(ICommandCatalog.HostOwner, HelpCommand.Create(this, cogSwitch));
    }

    public string Prefix { get; }

    public CatalogSnapshot Snapshot => _snapshot;

    public void Add(string owner, CommandDefinition command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        CommandDefinitionValidator.Validate(command);
        lock (_writeGate)
        {
            ImmutableDictionary<string, ImmutableArray<RegisteredCommand>> byOwner = _snapshot.ByOwner;
            ImmutableArray<RegisteredCommand> existing = byOwner.GetValueOrDefault(owner, []);
            Commit(byOwner.SetItem(owner, existing.Add(new RegisteredCommand(owner, command))), owner);
        }
    }

    public void ReplaceOwner(string owner, IReadOnlyList<CommandDefinition> commands)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(commands);
        foreach (CommandDefinition command in commands)
        {
            CommandDefinitionValidator.Validate(command);
        }

        lock (_writeGate)
        {
            ImmutableDictionary<string, ImmutableArray<RegisteredCommand>> byOwner = _snapshot.ByOwner;
            Commit(
                commands.Count == 0
                    ? byOwner.Remove(owner)
                    : byOwner.SetItem(owner, [.. commands.Select(command => new RegisteredCommand(owner, command))]),
                owner);
        }
    }

    public void EnsureCanAdd(string owner, CommandDefinition command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        CommandDefinitionValidator.Validate(command);
        CatalogSnapshot snapshot = _snapshot;
        EnsureFree(snapshot, owner, command, command.Name, isAlias: false);
        foreach (string alias in command.Aliases)
        {
            EnsureFree(snapshot, owner, command, alias, isAlias: true);
        }
    }

    public int RemoveOwner(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_writeGate)
        {
            ImmutableDictionary<string, ImmutableArray<RegisteredCommand>> byOwner = _snapshot.ByOwner;
            if (!byOwner.TryGetValue(owner, out ImmutableArray<RegisteredCommand> existing))
            {
                return 0;
            }

            Commit(byOwner.Remove(owner), owner);
            return existing.Length;
        }
    }

    public int RemoveCommands(string owner, IReadOnlyCollection<CommandDefinition> commands)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(commands);
        lock (_writeGate)
        {
            ImmutableDictionary<string, ImmutableArray<RegisteredCommand>> byOwner = _snapshot.ByOwner;
            if (!byOwner.TryGetValue(owner, out ImmutableArray<RegisteredCommand> existing))
            {
                return 0;
            }

            ImmutableArray<RegisteredCommand> kept = existing.RemoveAll(registered => commands.Any(command => ReferenceEquals(command, registered.Definition)));
            if (kept.Length == existing.Length)
            {
                return 0;
            }

            Commit(kept.IsEmpty ? byOwner.Remove(owner) : byOwner.SetItem(owner, kept), owner);
            return existing.Length - kept.Length;
        }
    }

    public bool IsCommandInvocation(DiscordMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Match(message).Kind != InvocationKind.None;
    }

    internal Invocation Match(DiscordMessage message) => InvocationMatcher.Match(_snapshot, Prefix, message, _bot.CurrentUser?.Id);

    private void Commit(ImmutableDictionary<string, ImmutableArray<RegisteredCommand>> byOwner, string changedOwner) =>
        _snapshot = CatalogSnapshot.Build(byOwner, changedOwner); // throws on a conflict before anything changes

    private static void EnsureFree(CatalogSnapshot snapshot, string owner, CommandDefinition command, string name, bool isAlias)
    {
        if (snapshot.TryGet(name, out RegisteredCommand holder) && holder.Owner != owner)
        {
            string claim = isAlias ? $"alias '{name}' of command '{command.Name}'" : $"command '{name}'";
            throw new InvalidOperationException($"{owner} cannot register {claim}: {holder.Owner} already registered '{name}' (its command '{holder.Name}').");
        }
    }
}
