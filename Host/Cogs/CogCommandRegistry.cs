using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Commands;

namespace AndyAI.Host.Cogs;

/// <summary>
/// The <see cref="ICommandRegistry"/> of one cog instance. A command the cog adds is checked at once (a name another
/// owner holds fails the cog's start with a message naming both) and staged; activation swaps the staged set in for
/// the previous instance's with one catalog write, and deactivation removes them unless a newer instance replaced them.
/// </summary>
internal sealed class CogCommandRegistry : ICommandRegistry, IRegistrationTarget<CommandDefinition>
{
    private readonly ICommandCatalog _catalog;
    private readonly Action<Exception> _onHandlerError;

    /// <param name="catalog">The host's catalog.</param>
    /// <param name="owner">The cog's name.</param>
    /// <param name="onHandlerError">Called when one of this instance's handlers throws (before the user gets the short reply), for error counts.</param>
    public CogCommandRegistry(ICommandCatalog catalog, string owner, Action<Exception> onHandlerError)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(onHandlerError);
        _catalog = catalog;
        Owner = owner;
        _onHandlerError = onHandlerError;
        Registrations = new StagedRegistrations<CommandDefinition>("commands", this);
    }

    /// <summary>The owning cog's name.</summary>
    public string Owner { get; }

    public string Prefix => _catalog.Prefix;

    /// <summary>The commands this instance registered (staged or live); the scope activates and deactivates them.</summary>
    public StagedRegistrations<CommandDefinition> Registrations { get; }

    public void Add(CommandDefinition command)
    {
        _catalog.EnsureCanAdd(Owner, command);
        // The catalog would also refuse a name declared twice by one owner, but only at activation; say it now.
        foreach (CommandDefinition staged in Registrations.Items)
        {
            string[] mine = [staged.Name, .. staged.Aliases];
            string? clash = new[] { command.Name }.Concat(command.Aliases).FirstOrDefault(name => mine.Contains(name, StringComparer.OrdinalIgnoreCase));
            if (clash is not null)
            {
                throw new InvalidOperationException($"{Owner} declares '{clash}' twice: in command '{staged.Name}' and in command '{command.Name}'.");
            }
        }

        Registrations.Add(command with { Handler = Wrap(command.Handler) });
    }

    public bool IsCommandInvocation(DiscordMessage message) => _catalog.IsCommandInvocation(message);

    void IRegistrationTarget<CommandDefinition>.EnsureCanPublish(IReadOnlyList<CommandDefinition> items)
    {
        foreach (CommandDefinition command in items)
        {
            _catalog.EnsureCanAdd(Owner, command);
        }
    }

    // One catalog write replaces every command of this owner (a previous instance's), so a reload switches at once.
    void IRegistrationTarget<CommandDefinition>.Publish(IReadOnlyList<CommandDefinition> items) => _catalog.ReplaceOwner(Owner, items);

    void IRegistrationTarget<CommandDefinition>.Add(CommandDefinition item) => _catalog.Add(Owner, item);

    // By reference: after a reload the catalog holds the new instance's definitions, which this removes nothing of.
    int IRegistrationTarget<CommandDefinition>.Withdraw(IReadOnlyList<CommandDefinition> items) => _catalog.RemoveCommands(Owner, items);

    private Func<ICommandContext, CancellationToken, ValueTask> Wrap(Func<ICommandContext, CancellationToken, ValueTask> handler)
    {
        Action<Exception> report = _onHandlerError;
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
