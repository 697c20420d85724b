using AndyAI.Abstractions.Interactions;
using AndyAI.Commands;
using AndyAI.Host.Interactions;

namespace AndyAI.Host.Cogs;

/// <summary>
/// The <see cref="IInteractionRegistry"/> of one cog instance: its slash commands and component/modal handlers,
/// checked at once (a command name another owner holds fails the cog's start, naming both), staged, published to the
/// host's <see cref="InteractionTable"/> in one write at activation (replacing the previous instance's, so buttons
/// it posted reach the new one) and withdrawn at deactivation unless a newer instance replaced them.
/// </summary>
internal sealed class CogInteractionRegistry : IInteractionRegistry, IRegistrationTarget<InteractionRoute>
{
    private readonly InteractionTable _table;
    private readonly Action<Exception> _onHandlerError;
    private readonly ICogGuildSwitch? _guildSwitch;

    /// <param name="table">The host's table.</param>
    /// <param name="owner">The cog's name.</param>
    /// <param name="onHandlerError">Counts and logs a handler's exception with the cog's name.</param>
    /// <param name="guildSwitch">Which cogs each server turned off, for <see cref="ListCommands(ulong?)"/>.</param>
    public CogInteractionRegistry(InteractionTable table, string owner, Action<Exception> onHandlerError, ICogGuildSwitch? guildSwitch = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(onHandlerError);
        _table = table;
        Owner = owner;
        _onHandlerError = onHandlerError;
        _guildSwitch = guildSwitch;
        Registrations = new StagedRegistrations<InteractionRoute>("interactions", this);
    }

    public string Owner { get; }

    /// <summary>What this instance registered (staged or live); the scope activates and deactivates it.</summary>
    public StagedRegistrations<InteractionRoute> Registrations { get; }

    public void AddCommand(SlashCommandDefinition command)
    {
        SlashCommandValidator.Validate(command);
        if (Registrations.Items.Any(r => r.Kind == InteractionRouteKind.Command && r.Key == command.Name))
        {
            throw new InvalidOperationException($"{Owner} declares slash command '/{command.Name}' twice.");
        }

        var route = InteractionRoute.ForCommand(Owner, command, _onHandlerError);
        _table.EnsureCanAdd(Owner, route);
        Registrations.Add(route);
    }

    public void AddComponentHandler(string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler) =>
        AddHandler(InteractionRouteKind.Component, customIdPrefix, handler);

    public void AddModalHandler(string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler) =>
        AddHandler(InteractionRouteKind.Modal, customIdPrefix, handler);

    public IReadOnlyList<SlashCommandInfo> ListCommands() => ListCommands(guildId: null);

    public IReadOnlyList<SlashCommandInfo> ListCommands(ulong? guildId) => _table.ListCommands(guildId, _guildSwitch);

    void IRegistrationTarget<InteractionRoute>.EnsureCanPublish(IReadOnlyList<InteractionRoute> items)
    {
        foreach (InteractionRoute route in items)
        {
            _table.EnsureCanAdd(Owner, route);
        }
    }

    void IRegistrationTarget<InteractionRoute>.Publish(IReadOnlyList<InteractionRoute> items) => _table.ReplaceOwner(Owner, items);

    void IRegistrationTarget<InteractionRoute>.Add(InteractionRoute item) => _table.Add(Owner, item);

    int IRegistrationTarget<InteractionRoute>.Withdraw(IReadOnlyList<InteractionRoute> items) => _table.Remove(items);

    private void AddHandler(InteractionRouteKind kind, string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(customIdPrefix);
        ArgumentNullException.ThrowIfNull(handler);
        CustomIds.Namespace(Owner, customIdPrefix); // too long to ever match a custom id: say so now
        if (Registrations.Items.Any(r => r.Kind == kind && r.Key == customIdPrefix))
        {
            throw new ArgumentException($"{Owner} registered a {kind.ToString().ToLowerInvariant()} handler for '{customIdPrefix}' already.", nameof(customIdPrefix));
        }

        Registrations.Add(InteractionRoute.ForHandler(kind, Owner, customIdPrefix, handler, _onHandlerError));
    }
}
