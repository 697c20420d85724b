using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace AndyAI.Discord;

/// <summary>Settings of the Discord gateway and REST client (configuration section <c>Discord</c>).</summary>
public sealed class DiscordClientOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Discord";

    /// <summary>GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT.</summary>
    public const int DefaultIntents = (1 << 0) | (1 << 9) | (1 << 12) | (1 << 15);

    /// <summary>The bot token (without the <c>Bot </c> prefix). Never logged.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Token { get; set; } = "";

    /// <summary>The REST base URL without version.</summary>
    /// <value>Defaults to <c>https://discord.com/api</c>; the gateway URL is discovered through <c>GET {base}/v10/gateway/bot</c>.</value>
    [Required(AllowEmptyStrings = false)]
    [Url]
    public string ApiBaseUrl { get; set; } = "https://discord.com/api";

    /// <summary>Gateway intents.</summary>
    /// <value>Defaults to GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT (37377).</value>
    [Range(0, int.MaxValue)]
    public int Intents { get; set; } = DefaultIntents;

    /// <summary>The total number of shards, or 0 to use Discord's recommendation from <c>/gateway/bot</c>.</summary>
    /// <value>Defaults to 0 (automatic).</value>
    [Range(0, 65535)]
    public int ShardCount { get; set; }

    /// <summary>The first shard this process runs.</summary>
    /// <value>Defaults to 0.</value>
    [Range(0, 65535)]
    public int FirstShardId { get; set; }

    /// <summary>The last shard this process runs (inclusive), or -1 for the last shard of <see cref="ShardCount"/>.</summary>
    /// <value>Defaults to -1 (all shards from <see cref="FirstShardId"/>).</value>
    [Range(-1, 65535)]
    public int LastShardId { get; set; } = -1;

    /// <summary>The shards this process runs, when not a range (the host sets it from <c>SHARD_IDS</c>, e.g. <c>0,2</c>).</summary>
    /// <value>Defaults to <see langword="null"/>: the range <see cref="FirstShardId"/>..<see cref="LastShardId"/>.</value>
    public IReadOnlyList<int>? ShardIds { get; set; }

    /// <summary>Whether to use zlib-stream transport compression on the gateway.</summary>
    /// <value>Defaults to <see langword="false"/> (on loopback and small bots, compression costs more CPU than it saves).</value>
    public bool Compress { get; set; }

    /// <summary>The longest wait between reconnect attempts.</summary>
    /// <value>Defaults to 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Checked by the source-generated DiscordClientOptionsValidator, which emits its own trimming-safe copy of this range check and never calls the attribute's type converter.")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many parsed gateway events may wait for the dispatcher before the receive loop applies backpressure.</summary>
    /// <value>Defaults to 4096.</value>
    [Range(16, 1_000_000)]
    public int DispatchQueueCapacity { get; set; } = 4096;

    /// <summary>How many times a REST request is retried after a 429 or a 5xx.</summary>
    /// <value>Defaults to 3.</value>
    [Range(0, 10)]
    public int RestMaxRetries { get; set; } = 3;

    /// <summary>Invalid REST responses (401, 403, 429) per 10 minutes after which requests are held back.</summary>
    /// <value>Defaults to 1000, a tenth of the 10,000 that gets an IP banned.</value>
    [Range(10, 9000)]
    public int InvalidRequestBudget { get; set; } = 1000;

    /// <summary>REST requests per second across all routes (Discord's global limit).</summary>
    /// <value>Defaults to 50, Discord's limit for a bot; large bots that Discord granted more may raise it.</value>
    [Range(1, 100_000)]
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>The command prefix used to pick out prefixed messages cheaply (the host maps <c>Commands:Prefix</c> here).</summary>
    /// <value>Defaults to <c>!</c>.</value>
    [Required(AllowEmptyStrings = false)]
    public string CommandPrefix { get; set; } = "!";
}
