using AndyAI.Abstractions.Discord;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Hosting;

/// <summary>Connects the bot when the host starts and closes the gateway with 1000 when it stops.</summary>
internal sealed class DiscordBotHostedService(DiscordBot bot, ILogger<DiscordBotHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await bot.StartAsync(cancellationToken);
        }
        catch (DiscordApiException ex)
        {
            // A bad token or an unreachable API must not crash the process: say what to fix and stay up.
            HostingLog.Fatal(logger, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => bot.StopAsync(cancellationToken);
}
