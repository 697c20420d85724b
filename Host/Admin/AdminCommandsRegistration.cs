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
    private readonly HostCommandSet _commands = new(catalog, interactions);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> added = _commands.Add(commands.CreateDefinitions(), slashCommands.CreateDefinitions());
        AdminLog.Registered(logger, string.Join(", ", added));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _commands.Remove();
        return Task.CompletedTask;
    }
}
