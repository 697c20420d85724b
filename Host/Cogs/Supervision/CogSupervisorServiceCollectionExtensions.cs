using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Cogs.Supervision;

internal static class CogSupervisorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the cog supervisor (<see cref="ICogSupervisor"/>), the drop-in watcher and a hosted service that
    /// loads cogs at start and stops them at shutdown. Binds <c>Plugins:*</c>; an empty <c>Plugins:ConfigPath</c>
    /// falls back to the <c>PLUGINS_CONFIG</c> setting, then to <c>plugins.json</c>. The host must register an
    /// <see cref="ICogContextFactory"/>. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddCogSupervisor(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CogSupervisorOptions>()
            .Bind(configuration.GetSection(CogSupervisorOptions.SectionName))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.ConfigPath))
                {
                    o.ConfigPath = configuration["PLUGINS_CONFIG"] is { Length: > 0 } fromEnvironment ? fromEnvironment : "plugins.json";
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CogSupervisorOptions>, CogSupervisorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CogSupervisor>();
        services.TryAddSingleton<ICogSupervisor>(sp => sp.GetRequiredService<CogSupervisor>());
        services.TryAddSingleton<CogDropInWatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CogSupervisorHostedService>());
        return services;
    }
}
