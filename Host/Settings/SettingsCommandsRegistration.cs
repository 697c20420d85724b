using AndyAI.Abstractions.Commands;
using AndyAI.Commands;
using AndyAI.Host.Interactions;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Settings;

/// <summary>Adds <c>!settings</c>, <c>/settings</c> and <c>/model</c> (owner <c>Host</c>) before any cog loads, so no cog can take their names.</summary>
internal sealed class SettingsCommandsRegistration(ICommandCatalog catalog, InteractionTable interactions, SettingsCommands commands) : IHostedService
{
    private IReadOnlyList<CommandDefinition> _registered = [];
    private IReadOnlyList<InteractionRoute> _slashRegistered = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<CommandDefinition> definitions = commands.CreatePrefixDefinitions();
        foreach (CommandDefinition definition in definitions)
        {
            catalog.Add(ICommandCatalog.HostOwner, definition);
        }

        _registered = definitions;
        InteractionRoute[] routes = [.. commands.CreateSlashDefinitions().Select(d => InteractionRoute.ForCommand(ICommandCatalog.HostOwner, d))];
        foreach (InteractionRoute route in routes)
        {
            interactions.Add(ICommandCatalog.HostOwner, route);
        }

        _slashRegistered = routes;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.RemoveCommands(ICommandCatalog.HostOwner, [.. _registered]);
        _registered = [];
        interactions.Remove(_slashRegistered);
        _slashRegistered = [];
        return Task.CompletedTask;
    }
}
