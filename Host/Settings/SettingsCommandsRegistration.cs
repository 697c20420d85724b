using AndyAI.Commands;
using AndyAI.Host.Interactions;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Settings;

/// <summary>Adds <c>!settings</c>, <c>/settings</c> and <c>/model</c> (owner <c>Host</c>) before any cog loads, so no cog can take their names.</summary>
internal sealed class SettingsCommandsRegistration(ICommandCatalog catalog, InteractionTable interactions, SettingsCommands commands) : IHostedService
{
    private readonly HostCommandSet _commands = new(catalog, interactions);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _commands.Add(commands.CreatePrefixDefinitions(catalog.Prefix), commands.CreateSlashDefinitions());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _commands.Remove();
        return Task.CompletedTask;
    }
}
