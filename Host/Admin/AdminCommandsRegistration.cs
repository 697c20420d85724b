using AndyAI.Abstractions.Commands;
using AndyAI.Commands;
using AndyAI.Host.Interactions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Admin;

/// <summary>
/// Adds the admin commands (prefix and slash, owner <c>Host</c>) before any cog loads, so no cog can take their names.
/// </summary>
internal sealed class AdminCommandsRegistration(
    ICommandCatalog catalog,
    AdminCommands commands,
    InteractionTable interactions,
    AdminSlashCommands slashCommands,
    ILogger<AdminCommandsRegistration> logger) : IHostedService
{
    private IReadOnlyList<CommandDefinition> _registered = [];
    private IReadOnlyList<InteractionRoute> _slashRegistered = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<CommandDefinition> definitions = commands.CreateDefinitions();
        foreach (CommandDefinition definition in definitions)
        {
            catalog.Add(ICommandCatalog.HostOwner, definition);
        }

        _registered = definitions;
        InteractionRoute[] routes = [.. slashCommands.CreateDefinitions().Select(d => InteractionRoute.ForCommand(ICommandCatalog.HostOwner, d))];
        foreach (InteractionRoute route in routes)
        {
            interactions.Add(ICommandCatalog.HostOwner, route);
        }

        _slashRegistered = routes;
        AdminLog.Registered(logger, string.Join(", ", definitions.Select(d => catalog.Prefix + d.Name).Concat(routes.Select(r => "/" + r.Key))));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Only ours: the catalog's own !help shares the Host owner.
        catalog.RemoveCommands(ICommandCatalog.HostOwner, [.. _registered]);
        _registered = [];
        interactions.Remove(_slashRegistered);
        _slashRegistered = [];
        return Task.CompletedTask;
    }
}
