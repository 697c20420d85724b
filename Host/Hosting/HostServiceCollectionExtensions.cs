using System.Diagnostics.Metrics;
using AndyAI.Abstractions;
using AndyAI.Commands;
using AndyAI.Discord.Hosting;
using AndyAI.Abstractions.Settings;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Cogs.Jobs;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Configuration;
using AndyAI.Host.Interactions;
using AndyAI.Host.Settings;
using AndyAI.Host.Statistics;
using AndyAI.Host.Web;
using AndyAI.Services.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
            // Hosted services start one by one in registration order and stop in reverse: the cogs stop first
            // (while Discord is still connected, so in-flight answers can be sent), then the command dispatcher,
            // then the Discord connection. The cog supervisor has its own, shorter deadline (Plugins:ShutdownTimeout).
            options.ShutdownTimeout = settings.ShutdownTimeout;
            options.ServicesStartConcurrently = false;
            options.ServicesStopConcurrently = false;
            options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        services.TryAddSingleton(settings);
        // Every text posted to Discord is masked like the logs: admin replies, cogs' last errors, command failures.
        services.TryAddSingleton(settings.Secrets);
        services.TryAddSingleton<IOutgoingContentFilter>(settings.Secrets);
        services.TryAddSingleton(TimeProvider.System);
        // Instruments come from this host's IMeterFactory: /metrics and !stats read the same ones (docs/metrics.md).
        services.AddMetrics();
        services.TryAddSingleton(sp =>
        {
            // The Discord and services instruments are created with their owners; make sure both exist.
            _ = sp.GetService<DiscordBot>();
            _ = sp.GetService<AndyAI.Services.IServicesStatistics>();
            return new BotStatistics(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IMeterFactory>());
        });
        services.TryAddSingleton<IBotStatistics>(sp => sp.GetRequiredService<BotStatistics>());

        // 0. The HTTP listener (HTTP_ADDRESS: probes, /metrics, dashboard) first, so it answers during start and stop.
        services.TryAddSingleton<WebListenerStatus>();
        if (settings.HttpAddress is not null)
        {
            WebStartup.AddServices(services, settings);
        }

        // Optional OTLP tracing of answers (docs/metrics.md).
        if (!string.IsNullOrWhiteSpace(configuration[TracingStartup.EndpointVariable]))
        {
            var cluster = new AndyAI.Cluster.ClusterOptions { RedisUrl = configuration[ConfigurationKeys.RedisUrl], InstanceName = configuration[ConfigurationKeys.InstanceName] };
            TracingStartup.AddServices(services, cluster.TelemetryInstanceId);
        }

        // 0. The database first: a damaged file or a too-new schema stops the host before it connects to Discord,
        //    and it stops last, after the cogs recorded their last turns. SQLite lives in plugins.json's data directory.
        services.AddAndyAIStorage(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageMetrics>());
        services.PostConfigure<AndyAI.Storage.StorageOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.SqlitePath))
            {
                options.SqlitePath = Path.Combine(settings.DataDirectory, StorageDefaults.SqliteFileName);
            }
            else
            {
                options.SqlitePath = Path.GetFullPath(options.SqlitePath, settings.ContentRoot);
            }
        });

        // Guild and user settings (in memory once storage is open) and the token accounts behind usage and quotas.
        services.AddOptions<SettingsOptions>().Bind(configuration.GetSection(SettingsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SettingsOptions>, SettingsOptionsValidator>());
        services.TryAddSingleton<BotSettingsService>();
        services.TryAddSingleton<IBotSettings>(sp => sp.GetRequiredService<BotSettingsService>());
        services.TryAddSingleton<ICogGuildSwitch>(sp => sp.GetRequiredService<BotSettingsService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BotSettingsService>(sp => sp.GetRequiredService<BotSettingsService>()));
        services.TryAddSingleton<LlmAccounts>();
        services.TryAddSingleton<ILlmAccounting>(sp => sp.GetRequiredService<LlmAccounts>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LlmAccounts>(sp => sp.GetRequiredService<LlmAccounts>()));

        // Scale-out (REDIS_URL, SHARD_COUNT, SHARD_IDS, INSTANCE_NAME: docs/scale-out.md): the Redis connection starts
        // in the background before Discord, so shard leases are there when the gateway asks; never blocks the start.
        services.AddAndyAICluster(configuration);
        if (!string.IsNullOrWhiteSpace(configuration[ConfigurationKeys.RedisUrl]))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterMetrics>());
            // Admin commands and plugins.json edits act in every process; this one answers the others' requests.
            services.TryAddSingleton<ClusterAdmin>();
            services.TryAddSingleton<IConfigurationChangeRelay>(sp => sp.GetRequiredService<ClusterAdmin>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterAdmin>(sp => sp.GetRequiredService<ClusterAdmin>()));
        }

        // 1. Discord: IDiscordBot and the hosted connection.
        services.AddDiscordBot(configuration);

        // 2. LLM, response cache, rate limits, and one service set per cog.
        services.AddAndyAIServices(configuration);

        // 3. Interactions: the host-wide table of slash commands and component handlers, and the router that
        //    answers INTERACTION_CREATE (subscribed before any cog registers, so nothing is missed).
        services.AddAndyAIInteractions(configuration);

        // 4. Commands: owners from the application (or team) plus ADMIN_USER_IDS, registered before the framework's fallback.
        services.TryAddSingleton<IBotOwners, ApplicationBotOwners>();
        services.AddAndyAICommands(configuration);
        services.TryAddSingleton<AdminCommands>();
        services.TryAddSingleton<AdminSlashCommands>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AdminCommandsRegistration>());
        services.TryAddSingleton<IGuildDirectory, GatewayGuildDirectory>();
        services.TryAddSingleton<SettingsEditor>();
        services.TryAddSingleton<SettingsCommands>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SettingsCommandsRegistration>());
        // /help is the host's, like !help: a server that turns a cog off (or an unload) never takes it away.
        services.TryAddSingleton<HelpSlashCommand>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HelpSlashCommandRegistration>());

        // 5. Cogs: contexts over the services above, then the supervisor that loads them (last to start, first to stop).
        services.TryAddSingleton<CogHttpRouteTable>(); // cogs' HTTP routes, served by the listener when it runs
        // Cogs' scheduled jobs by cog and name: their metrics (meter AndyAI.Cogs) and runs across a reload.
        services.TryAddSingleton(sp => new CogJobTable(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<TimeProvider>()));
        // Cogs' handler errors by cog (andyai_cogs_handler_errors_total{cog}), kept across a reload, gone at an unload.
        services.TryAddSingleton(sp => new CogErrorTable(sp.GetRequiredService<IMeterFactory>()));
        // Requests to cogs' HTTP routes by cog and outcome, and their handlers' durations (the same life cycle).
        services.TryAddSingleton(sp => new CogHttpRequestTable(sp.GetRequiredService<IMeterFactory>()));
        services.TryAddSingleton<ICogContextFactory, CogContextFactory>();
        services.AddCogSupervisor(configuration);
        // Connected to Discord, a cog nobody listed in plugins.json deserves a line at start (trust "any").
        services.PostConfigure<CogSupervisorOptions>(o => o.WarnAboutUnlistedCogs = settings.Mode == BotMode.Discord);

        // 6. The command sync starts after the cogs loaded, so the first sync already has their commands.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InteractionCommandSync>());
        return services;
    }
}
