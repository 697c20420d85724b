using AndyAI.Commands;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Interactions;

/// <summary>Adds <c>/help</c> (owner <c>Host</c>) before any cog loads, so no cog can take its name and no cog's reload touches it.</summary>
internal sealed class HelpSlashCommandRegistration(ICommandCatalog catalog, InteractionTable interactions, HelpSlashCommand help) : IHostedService
{
    private readonly HostCommandSet _commands = new(catalog, interactions);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _commands.Add([], [help.CreateDefinition()]);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _commands.Remove();
        return Task.CompletedTask;
    }
}
