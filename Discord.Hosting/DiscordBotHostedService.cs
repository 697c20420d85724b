using Microsoft.Extensions.Hosting;

namespace AndyAI.Discord.Hosting;

/// <summary>
/// Starts connecting when the host starts (without waiting for Discord, so cogs load meanwhile), stops the host when
/// the client stops for good (bad token, disallowed intents: a process that looks alive but can never connect helps
/// nobody; the supervisor restarts it once the setting is fixed), and closes the gateway with 1000 on stop.
/// </summary>
internal sealed class DiscordBotHostedService(DiscordBot bot, IHostApplicationLifetime lifetime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await bot.StartAsync(cancellationToken);
        // DiscordBot already logged the one line saying what to fix; the host turns FatalError into the exit code.
        _ = bot.Stopped.ContinueWith(_ => lifetime.StopApplication(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public Task StopAsync(CancellationToken cancellationToken) => bot.StopAsync(cancellationToken);
}
