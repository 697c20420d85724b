using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Commands;

/// <summary>
/// The <see cref="ICommandRegistry"/> of one cog instance. Commands the cog adds during start are checked at once
/// (a name another owner holds fails the cog's start with a message naming both) but only staged; <see cref="Activate"/>
/// swaps them in for the previous instance's atomically, and <see cref="Deactivate"/> removes them unless a newer
/// instance already replaced them.
/// </summary>
public sealed class CogCommandRegistry : ICommandRegistry
{
    private readonly ICommandCatalog _catalog;
    private readonly Action<Exception>? _onHandlerError;
    private readonly Lock _gate = new();
    private readonly List<CommandDefinition> _staged = [];
    private CommandDefinition[] _activated = [];
    private bool _live;

    /// <param name="catalog">The host's catalog.</param>
    /// <param name="owner">The cog's name.</param>
    /// <param name="onHandlerError">Called when one of this instance's handlers throws (before the user gets the short reply), for error counts.</param>
    public CogCommandRegistry(ICommandCatalog catalog, string owner, Action<Exception>? onHandlerError = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        _catalog = catalog;
        Owner = owner;
        _onHandlerError = onHandlerError;
    }

    /// <summary>The owning cog's name.</summary>
    public string Owner { get; }

    /// <inheritdoc />
    public string Prefix => _catalog.Prefix;

    /// <summary>The commands staged so far.</summary>
    public IReadOnlyList<CommandDefinition> Staged
    {
        get
        {
            lock (_gate)
            {
                return [.. _staged];
            }
        }
    }

    /// <inheritdoc />
    public void Add(CommandDefinition command)
    {
        _catalog.EnsureCanAdd(Owner, command);
        CommandDefinition wrapped = _onHandlerError is null ? command : command with { Handler = Wrap(command.Handler) };
        lock (_gate)
        {
            foreach (CommandDefinition staged in _staged)
            {
                string[] mine = [staged.Name, .. staged.Aliases];
                string? clash = new[] { command.Name }.Concat(command.Aliases).FirstOrDefault(name => mine.Contains(name, StringComparer.OrdinalIgnoreCase));
                if (clash is not null)
                {
                    throw new InvalidOperationException($"{Owner} declares '{clash}' twice: in command '{staged.Name}' and in command '{command.Name}'.");
                }
            }

            _staged.Add(wrapped);
            if (_live)
            {
                // Added after the cog went live: register at once, keeping it removable with the rest.
                _catalog.Add(Owner, wrapped);
                _activated = [.. _activated, wrapped];
            }
        }
    }

    /// <inheritdoc />
    public bool IsCommandInvocation(DiscordMessage message) => _catalog.IsCommandInvocation(message);

    /// <summary>Makes the staged commands live, replacing every command of the same owner (a previous instance's).</summary>
    /// <exception cref="InvalidOperationException">A name was taken by another owner meanwhile; nothing changed.</exception>
    public void Activate()
    {
        lock (_gate)
        {
            CommandDefinition[] commands = [.. _staged];
            _catalog.ReplaceOwner(Owner, commands);
            _activated = commands;
            _live = true;
        }
    }

    /// <summary>Removes this instance's live commands, if a newer instance has not replaced them already.</summary>
    public int Deactivate()
    {
        lock (_gate)
        {
            int removed = _activated.Length == 0 ? 0 : _catalog.RemoveCommands(Owner, _activated);
            _activated = [];
            _staged.Clear();
            _live = false;
            return removed;
        }
    }

    private Func<ICommandContext, CancellationToken, ValueTask> Wrap(Func<ICommandContext, CancellationToken, ValueTask> handler)
    {
        Action<Exception> report = _onHandlerError!;
        return async (context, cancellationToken) =>
        {
            try
            {
                await handler(context, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                report(exception);
                throw;
            }
        };
    }
}
