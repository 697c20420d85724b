using System.Diagnostics.Metrics;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Hosting;

/// <summary>
/// The Discord connection's instruments. They observe the client's own lock-free counters when a reader collects
/// (Prometheus scrape, <c>!stats</c>), so receiving a message still costs one interlocked add and nothing more.
/// Instrument names are <c>andyai.</c> + the <see cref="AndyAI.Abstractions.BotStatisticNames"/> a cog reads.
/// </summary>
public static class DiscordMetrics
{
    /// <summary>Connection state per shard, heartbeat latency, dispatches, reconnects by reason, resumes, identifies.</summary>
    public const string GatewayMeter = "AndyAI.Gateway";

    /// <summary>MESSAGE_CREATE seen, parsed, skipped by the pre-filter, delivered; handler failures.</summary>
    public const string MessagesMeter = "AndyAI.Messages";

    /// <summary>REST requests and 429s per route, invalid responses and the invalid-request budget used.</summary>
    public const string RestMeter = "AndyAI.Rest";

    private static readonly string[] ShardStates = Enum.GetNames<GatewayShardStatus>();

    // GuildCreate → GUILD_CREATE, as Discord names the event; Unknown (not read by the client) → OTHER.
    private static readonly string[] EventTypes = [.. Enum.GetValues<GatewayEventName>().Select(name => name switch
    {
        GatewayEventName.Unknown or GatewayEventName.None => "OTHER",
        _ => string.Concat(name.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString())),
    })];

    /// <summary>Creates the instruments over <paramref name="bot"/> in meters from <paramref name="meters"/> (disposed with it).</summary>
    public static void Register(IMeterFactory meters, DiscordBot bot)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(bot);
        GatewayState state = bot.Gateway.State;

        Meter gateway = meters.Create(GatewayMeter);
        gateway.CreateObservableGauge("andyai.gateway.shard.state", () => ShardStateMeasurements(bot), description: "1 for each shard's current state (Ready, Resuming, Reconnecting…)");
        gateway.CreateObservableGauge("andyai.gateway.latency", () => LatencyMeasurements(bot), "s", "The last heartbeat round trip per shard");
        gateway.CreateObservableCounter("andyai.gateway.dispatches", () => Interlocked.Read(ref state.Dispatches), description: "Gateway dispatches of any type");
        gateway.CreateObservableCounter("andyai.gateway.events",
            () => state.EventCounts().Select(e => new Measurement<long>(e.Count, new KeyValuePair<string, object?>("type", EventTypes[(int)e.Name]))),
            description: "Gateway dispatches by event type (OTHER: events the client does not read)");
        gateway.CreateObservableCounter("andyai.gateway.reconnects",
            () => state.ReconnectReasons.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("reason", r.Key))),
            description: "Connections that ended and were re-opened, by why they ended");
        gateway.CreateObservableCounter("andyai.gateway.resumes", () => Interlocked.Read(ref state.Resumes), description: "Sessions resumed");
        gateway.CreateObservableCounter("andyai.gateway.identifies", () => Interlocked.Read(ref state.Identifies), description: "IDENTIFYs sent");
        gateway.CreateObservableUpDownCounter("andyai.gateway.guilds", () => (long)state.GuildCount, description: "Guilds on this process's shards");

        Meter messages = meters.Create(MessagesMeter);
        messages.CreateObservableCounter("andyai.messages.seen", () => Interlocked.Read(ref state.MessagesSeen), description: "MESSAGE_CREATE dispatches received");
        messages.CreateObservableCounter("andyai.messages.parsed", () => Interlocked.Read(ref state.MessagesParsed), description: "MESSAGE_CREATE dispatches that passed the pre-filter and were parsed");
        messages.CreateObservableCounter("andyai.messages.ignored",
            () => Math.Max(0, Interlocked.Read(ref state.MessagesSeen) - Interlocked.Read(ref state.MessagesParsed)),
            description: "MESSAGE_CREATE dispatches the pre-filter skipped unparsed (no subscriber wanted them)");
        messages.CreateObservableCounter("andyai.messages.delivered", () => bot.GetStatus().MessagesDelivered, description: "Messages handed to at least one subscriber");
        messages.CreateObservableCounter("andyai.discord.handler_failures", () => bot.GetStatus().HandlerFailures, description: "Subscriber handlers that threw");
        messages.CreateObservableCounter("andyai.interactions.received", () => Interlocked.Read(ref state.InteractionsSeen), description: "INTERACTION_CREATE dispatches received");

        Meter rest = meters.Create(RestMeter);
        rest.CreateObservableCounter("andyai.rest.requests",
            () => bot.Rest.Routes.Snapshot().Select(r => new Measurement<long>(r.Requests, new KeyValuePair<string, object?>("route", r.Route))),
            description: "REST responses received, by route");
        rest.CreateObservableCounter("andyai.rest.rate_limited",
            () => bot.Rest.Routes.Snapshot().Select(r => new Measurement<long>(r.RateLimited, new KeyValuePair<string, object?>("route", r.Route))),
            description: "REST 429 answers, by route");
        rest.CreateObservableCounter("andyai.discord.invalid_rest_responses", () => bot.Rest.RateLimiter.InvalidTotal, description: "REST answers 401, 403 and 429 (Discord bans an IP after 10,000 in 10 minutes)");
        rest.CreateObservableUpDownCounter("andyai.rest.invalid_budget_used", () => (long)bot.Rest.RateLimiter.InvalidInWindow(), description: "Invalid REST answers in the last 10 minutes");
    }

    private static IEnumerable<Measurement<int>> ShardStateMeasurements(DiscordBot bot)
    {
        foreach (DiscordShardStatus shard in bot.GetShards())
        {
            foreach (string name in ShardStates)
            {
                yield return new Measurement<int>(name == shard.State ? 1 : 0,
                    new KeyValuePair<string, object?>("shard", shard.ShardId), new KeyValuePair<string, object?>("state", name));
            }
        }
    }

    private static IEnumerable<Measurement<double>> LatencyMeasurements(DiscordBot bot)
    {
        foreach (DiscordShardStatus shard in bot.GetShards())
        {
            if (shard.Latency is { } latency)
            {
                yield return new Measurement<double>(latency.TotalSeconds, new KeyValuePair<string, object?>("shard", shard.ShardId));
            }
        }
    }
}
