using System.Diagnostics.Metrics;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // extension methods live in the namespace of what they extend, as Microsoft.Extensions does
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Discord bot.</summary>
public static class DiscordBotServiceCollectionExtensions
{
    /// <summary>
    /// Binds section <c>Discord</c> (Token, ApiBaseUrl, Intents, ShardCount, FirstShardId, LastShardId, Compress, …)
    /// and <c>Commands:Prefix</c>, validates them at start, and registers <see cref="DiscordBot"/> (also as
    /// <see cref="IDiscordBot"/>) plus a hosted service that connects on start and disconnects on stop.
    /// Safe to call twice.
    /// </summary>
    public static IServiceCollection AddDiscordBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DiscordClientOptions>()
            .Bind(configuration.GetSection(DiscordClientOptions.SectionName))
            .PostConfigure(o =>
            {
                if (configuration["Commands:Prefix"] is { Length: > 0 } prefix) o.CommandPrefix = prefix;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordClientOptions>, DiscordClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            DiscordClientOptions options = sp.GetRequiredService<IOptions<DiscordClientOptions>>().Value;
            TimeProvider time = sp.GetRequiredService<TimeProvider>();
            var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
            var bot = new DiscordBot(options, handler, new WebSocketGatewayConnectionFactory(time), time, sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
                sp.GetService<IOutgoingContentFilter>(), sp.GetService<IShardCoordinator>(), sp.GetService<IIdentifyCoordinator>(),
                sp.GetService<AndyAI.Discord.Rest.RateLimits.IRestCoordinator>());
            if (sp.GetService<IMeterFactory>() is { } meters)
            {
                DiscordMetrics.Register(meters, bot);
            }

            return bot;
        });
        services.TryAddSingleton<IDiscordBot>(sp => sp.GetRequiredService<DiscordBot>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DiscordBotHostedService>());
        return services;
    }
}
