using System.Runtime.CompilerServices;
using AndyAI.Cluster;
using AndyAI.Cluster.Admin;
using AndyAI.Cluster.Caching;
using AndyAI.Cluster.Jobs;
using AndyAI.Cluster.RateLimiting;
using AndyAI.Cluster.Shards;
using AndyAI.Services.Caching;
using AndyAI.Services.RateLimiting;
using AndyAI.Discord;
using AndyAI.Discord.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // extension methods live in the namespace of what they extend, as Microsoft.Extensions does
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers scale-out over Redis (docs/scale-out.md).</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Cluster</c> (RedisUrl, ShardCount, ShardIds, InstanceName, LeaseTtl…), validated at start, and maps
    /// the shard settings onto <c>Discord</c>. With a Redis URL it also registers the connection (started in the
    /// background, never blocking the start), shard leases, cluster-wide identify spacing, the response cache's shared
    /// level, shared token buckets and scheduled jobs' leases (register it before <c>AddAndyAIServices</c>). Without one it changes
    /// nothing but the shard selection. Register it before <c>AddDiscordBot</c> so its hosted service starts first.
    /// </summary>
    public static IServiceCollection AddAndyAICluster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        services.AddOptions<DiscordClientOptions>().PostConfigure<IOptions<ClusterOptions>>((discord, cluster) =>
        {
            ClusterOptions c = cluster.Value;
            ShardPlan plan;
            try
            {
                plan = ShardPlan.Parse(c.ShardCount, c.ShardIds, c.IsEnabled);
            }
            catch (FormatException)
            {
                return; // reported by ClusterOptionsValidator at start
            }

            if (plan.ShardCount > 0) discord.ShardCount = plan.ShardCount;
            if (!c.IsEnabled && plan.Ids is { } ids) discord.ShardIds = ids;
        });

        string? redisUrl = configuration[ClusterOptions.SectionName + ":" + nameof(ClusterOptions.RedisUrl)];
        return string.IsNullOrWhiteSpace(redisUrl) ? services : AddRedisServices(services);
    }

    // Apart, so a bot without REDIS_URL never loads StackExchange.Redis: compiling this method loads the types it
    // registers, and their fields are StackExchange.Redis structs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IServiceCollection AddRedisServices(IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<ClusterMembers>();
        services.TryAddSingleton(sp =>
        {
            ClusterOptions c = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            return ShardPlan.Parse(c.ShardCount, c.ShardIds, c.IsEnabled);
        });
        services.TryAddSingleton<RedisShardCoordinator>();
        services.TryAddSingleton<IShardCoordinator>(sp => sp.GetRequiredService<RedisShardCoordinator>());
        services.TryAddSingleton<IIdentifyCoordinator, RedisIdentifyCoordinator>();
        // The response cache's second level and the per-user, per-guild and cog buckets, shared by every process.
        services.TryAddSingleton<ISharedResponseCache, RedisResponseCache>();
        services.TryAddSingleton<ISharedTokenBuckets, RedisTokenBuckets>();
        // Discord's REST global limit and invalid-request budget are per token: shared by every process.
        services.TryAddSingleton<RedisRestCoordinator>();
        services.TryAddSingleton<AndyAI.Discord.Rest.RateLimits.IRestCoordinator>(sp => sp.GetRequiredService<RedisRestCoordinator>());
        services.TryAddSingleton<ClusterBroadcast>();
        // Cogs' cluster-wide scheduled jobs: one process per tick, never two runs of a job at once.
        services.TryAddSingleton<IJobLeases, RedisJobLeases>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterService>());
        // Each second's REST tokens reserved before it starts (after the connection's start, which never waits).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RestPrepayService>());
        return services;
    }
}
