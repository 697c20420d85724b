using AndyAI.Cluster;
using AndyAI.Cluster.Shards;
using AndyAI.Discord.Hosting;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Storage;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Web;

/// <summary>
/// What <c>/readyz</c> answers: ready once the host finished starting, every shard of this process is READY (or
/// RESUMED) and connected now, no cog is Failed, and the database answers (during an outage the bot answers without
/// memory: alive, but not everything it should be), and, with <c>REDIS_URL</c>, Redis answers (during an outage the
/// process works alone). Anything else is listed in <see cref="ReadinessReport.NotReady"/>. A cluster process that
/// holds no shard after a lease round (all taken by the others) is a ready standby; before its first round it is
/// still starting: on a fresh Redis that round waits one lease TTL, and a load balancer must not count it yet.
/// </summary>
internal sealed class Readiness(DiscordBot bot, ICogSupervisor supervisor, IHostApplicationLifetime lifetime, DatabaseAccess? database = null, RedisConnection? redis = null, RedisShardCoordinator? shardLeases = null)
{
    public ReadinessReport Check()
    {
        var notReady = new List<string>();
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            notReady.Add("host: starting (cogs not loaded yet)");
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            notReady.Add("host: stopping");
        }

        IReadOnlyList<DiscordShardStatus> shards = bot.GetShards();
        if (bot.FatalError is { } fatal)
        {
            notReady.Add("discord: stopped for good: " + fatal);
        }
        else if (shards.Count == 0
            && NoShardReason(bot.State, shardLeases is not null, redis is { IsAvailable: true }, shardLeases?.ClaimRoundCompleted == true) is { } reason)
        {
            notReady.Add(reason);
        }

        foreach (DiscordShardStatus shard in shards.Where(s => !s.IsReady))
        {
            notReady.Add($"discord: shard {shard.ShardId} is {shard.State}");
        }

        IReadOnlyList<CogStatus> cogs = supervisor.List();
        foreach (CogStatus cog in cogs.Where(c => c.State == CogState.Failed))
        {
            notReady.Add($"cog {cog.Name}: failed" + (cog.LastError is { } error ? " (" + error.ReplaceLineEndings(" ") + ")" : ""));
        }

        if (database is { IsAvailable: false })
        {
            // No error text: /readyz needs no login, and the log has the details.
            notReady.Add($"database: {database.Database.Description} unreachable (answering without memory)");
        }

        if (redis is { IsAvailable: false })
        {
            notReady.Add(redis.CredentialsRefused
                ? $"redis: {redis.Endpoints} refused the credentials in REDIS_URL (working alone: local cache and limits, no new shards)"
                : $"redis: {redis.Endpoints} unreachable (working alone: local cache and limits, no new shards)");
        }

        return new ReadinessReport(
            notReady.Count == 0 ? "ready" : "not ready",
            notReady,
            [.. shards.Select(s => new ReadinessShard(s.ShardId, s.State, s.Latency?.TotalMilliseconds))],
            [.. cogs.Select(c => new ReadinessCog(c.Name, c.State.ToString()))])
        {
            Cluster = redis is null ? null : new ReadinessCluster(redis.InstanceName, redis.Endpoints, redis.IsAvailable ? "connected" : "unreachable"),
        };
    }

    /// <summary>
    /// Why a process that runs no shard is not ready, or <see langword="null"/> when it is a ready standby (with Redis,
    /// every shard held by another process after a lease round: it takes some over when one dies). While Redis is
    /// unreachable a cluster process claims nothing (a shard started without a lease could run twice), which the
    /// "redis:" line explains; "connecting (no shard connected yet)" would send an operator looking at Discord.
    /// </summary>
    internal static string? NoShardReason(DiscordConnectionState state, bool clustered, bool redisAvailable, bool claimRoundCompleted)
    {
        if (!clustered || state != DiscordConnectionState.Connecting)
        {
            return "discord: " + state.ToString().ToLowerInvariant() + " (no shard connected yet)";
        }

        if (!redisAvailable)
        {
            return "discord: no shard held (none is claimed while Redis is unreachable)";
        }

        return claimRoundCompleted ? null : "discord: waiting for the first shard lease round (no shard claimed yet)";
    }
}
