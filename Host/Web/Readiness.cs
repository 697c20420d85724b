using AndyAI.Discord.Hosting;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Storage;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Web;

/// <summary>
/// What <c>/readyz</c> answers: ready once the host finished starting, every shard of this process is READY (or
/// RESUMED) and connected now, no cog is Failed, and the database answers (during an outage the bot answers without
/// memory: alive, but not everything it should be). Anything else is listed in <see cref="ReadinessReport.NotReady"/>.
/// </summary>
internal sealed class Readiness(DiscordBot bot, ICogSupervisor supervisor, IHostApplicationLifetime lifetime, DatabaseAccess? database = null)
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
        else if (shards.Count == 0)
        {
            notReady.Add("discord: " + bot.State.ToString().ToLowerInvariant() + " (no shard connected yet)");
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

        return new ReadinessReport(
            notReady.Count == 0 ? "ready" : "not ready",
            notReady,
            [.. shards.Select(s => new ReadinessShard(s.ShardId, s.State, s.Latency?.TotalMilliseconds))],
            [.. cogs.Select(c => new ReadinessCog(c.Name, c.State.ToString()))]);
    }
}

/// <summary>The JSON body of <c>/readyz</c>.</summary>
internal sealed record ReadinessReport(string Status, IReadOnlyList<string> NotReady, IReadOnlyList<ReadinessShard> Shards, IReadOnlyList<ReadinessCog> Cogs)
{
    public bool IsReady => NotReady.Count == 0;
}

internal sealed record ReadinessShard(int Id, string State, double? LatencyMs);

internal sealed record ReadinessCog(string Name, string State);
