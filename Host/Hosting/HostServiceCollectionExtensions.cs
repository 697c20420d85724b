using AndyAI.Abstractions;
using AndyAI.Host.Configuration;
using AndyAI.Host.Statistics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Hosting;

/// <summary>Registers everything the host runs, in the order hosted services must start (and, reversed, stop).</summary>
internal static class HostServiceCollectionExtensions
{
    public static IServiceCollection AddAndyAIHost(this IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);

        services.Configure<HostOptions>(options =>
        {
            // Hosted services stop one by one in reverse registration order: cogs first (while Discord is still
            // connected, so in-flight answers can be sent), then the Discord connection, then the sandbox.
            options.ShutdownTimeout = settings.ShutdownTimeout;
            options.ServicesStartConcurrently = false;
            options.ServicesStopConcurrently = false;
            options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        services.TryAddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBotStatistics, BotStatistics>();
        return services;
    }
}
