using AndyAI.Abstractions.Commands;
using AndyAI.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Admin;

/// <summary>Adds the admin commands to the catalog (owner <c>Host</c>) before any cog loads, so no cog can take their names.</summary>
internal sealed class AdminCommandsRegistration(ICommandCatalog catalog, AdminCommands commands, ILogger<AdminCommandsRegistration> logger) : IHostedService
{
    private IReadOnlyList<CommandDefinition> _registered = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<CommandDefinition> definitions = commands.CreateDefinitions();
        foreach (CommandDefinition definition in definitions)
        {
            catalog.Add(ICommandCatalog.HostOwner, definition);
        }

        _registered = definitions;
        AdminLog.Registered(logger, string.Join(", ", definitions.Select(d => catalog.Prefix + d.Name)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Only ours: the catalog's own !help shares the Host owner.
        catalog.RemoveCommands(ICommandCatalog.HostOwner, [.. _registered]);
        _registered = [];
        return Task.CompletedTask;
    }
}
