namespace AndyAI.Abstractions;

/// <summary>
/// The names of the counters and histograms in <see cref="IBotStatistics"/> that the host, the bundled cogs and the
/// command framework write, and that <c>!stats</c> reads. A cog may add names of its own (prefix them with the cog's
/// name); these are part of the contract and keep their values, since cogs compile them in.
/// </summary>
public static class BotStatisticNames
{
    /// <summary>Counter: MESSAGE_CREATE events the Discord client received, including those it skipped unparsed.</summary>
    public const string MessagesSeen = "messages.seen";

    /// <summary>Counter: messages handed to at least one subscriber.</summary>
    public const string MessagesDelivered = "messages.delivered";

    /// <summary>Counter: gateway dispatches (every event, not only messages).</summary>
    public const string GatewayDispatches = "gateway.dispatches";

    /// <summary>Counter: gateway reconnects.</summary>
    public const string GatewayReconnects = "gateway.reconnects";

    /// <summary>Counter: gateway sessions resumed after a reconnect.</summary>
    public const string GatewayResumes = "gateway.resumes";

    /// <summary>Counter: message subscribers that threw (counted by the Discord client, whoever subscribed).</summary>
    public const string DiscordHandlerFailures = "discord.handler_failures";

    /// <summary>Counter: REST responses 401, 403 and 429 (Discord bans an IP after 10,000 of them in 10 minutes).</summary>
    public const string DiscordInvalidRestResponses = "discord.invalid_rest_responses";

    /// <summary>Counter: exceptions thrown by a cog's message handlers, commands, interactions, scheduled jobs and HTTP routes (exported per <c>cog</c>; the snapshot sums the loaded cogs).</summary>
    public const string CogHandlerErrors = "cogs.handler_errors";

    /// <summary>Counter: commands run, prefix and slash (after owner checks and cooldowns).</summary>
    public const string CommandsInvoked = "commands.invoked";

    /// <summary>Counter: commands whose handler threw or was given up.</summary>
    public const string CommandsFailed = "commands.failed";

    /// <summary>Counter: owner-only commands refused to someone who is not an owner.</summary>
    public const string CommandsDenied = "commands.denied";

    /// <summary>Counter: mentions answered.</summary>
    public const string MentionsAnswered = "mentions.answered";

    /// <summary>Counter: mentions whose answer failed (the user got a short error message instead).</summary>
    public const string MentionsFailed = "mentions.failed";

    /// <summary>Counter: questions refused by a rate limit.</summary>
    public const string RateLimitDenied = "ratelimit.denied";

    /// <summary>Histogram: how long the language model took for one answer.</summary>
    public const string LlmLatency = "llm.latency";

    /// <summary>Gauge (contract 1.2): 1 while the database behind conversation memory answers, 0 during an outage; absent without a database.</summary>
    public const string StorageAvailable = "storage.available";

    /// <summary>Gauge (contract 1.2): conversation turns held in memory during a database outage, written once it is back.</summary>
    public const string StorageBacklog = "storage.backlog";

    /// <summary>Gauge: 1 while Redis (REDIS_URL) answers, 0 while this process works alone; absent without REDIS_URL.</summary>
    public const string ClusterAvailable = "cluster.available";

    /// <summary>Gauge: the bot's processes alive in the cluster, as this one last saw them; absent without REDIS_URL.</summary>
    public const string ClusterProcesses = "cluster.processes";
}
