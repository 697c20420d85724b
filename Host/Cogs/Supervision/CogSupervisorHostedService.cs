using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Cogs.Supervision;

/// <summary>Loads every enabled cog when the host starts, runs the drop-in watcher, and stops all cogs in reverse order at shutdown.</summary>
internal sealed class CogSupervisorHostedService(ICogSupervisor supervisor, CogDropInWatcher watcher, IOptions<CogSupervisorOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // An invalid plugins.json throws PluginsConfigurationException here: the host cannot start without knowing
        // which cogs to run. Cogs that fail are reported and marked Failed; they never stop the host.
        await supervisor.LoadAllAsync(cancellationToken);
        watcher.Start(supervisor.Configuration);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await watcher.StopAsync();
        }
        finally
        {
            // Even when the watcher failed, the cogs get their StopAsync while Discord is still connected.
            await supervisor.UnloadAllAsync(options.Value.ShutdownTimeout, cancellationToken);
        }
    }
}
