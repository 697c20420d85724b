using System.ComponentModel.DataAnnotations;

namespace AndyAI.Emulator;

/// <summary>Settings for <see cref="DiscordEmulator"/>. Read once at start; later changes have no effect.</summary>
public sealed class EmulatorOptions
{
    /// <value>TCP port on 127.0.0.1. Defaults to 0 (a free port).</value>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <value>The bot token clients must send. Defaults to <c>emulator-bot-token</c>; obviously not a real Discord token.</value>
    [Required]
    public string BotToken { get; set; } = "emulator-bot-token";

    /// <value>Heartbeat interval announced in HELLO. Defaults to 41.25 s, as Discord.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(41_250);

    /// <value>How long after the last heartbeat (beyond one interval) the gateway waits before closing with 4009. Defaults to 10 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <value>How long a disconnected session stays resumable. Defaults to 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SessionResumeWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <value>Dispatches kept per session for RESUME replay. Defaults to 4096.</value>
    [Range(16, 1_000_000)]
    public int ReplayBufferSize { get; set; } = 4096;

    /// <value>Privileged intents this application is allowed to request (bit flags). Defaults to all three
    /// (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT); an IDENTIFY asking for one not granted is closed with 4014.</value>
    public int GrantedPrivilegedIntents { get; set; } = GatewayIntentBits.PrivilegedMask;

    /// <value><c>max_concurrency</c> announced in /gateway/bot and enforced per 5 s. Defaults to 1.</value>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 1;

    /// <value>Window in which at most <see cref="MaxConcurrency"/> IDENTIFYs are accepted (more get op 9). Defaults to 5 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <value>Identify budget per 24 h (<c>session_start_limit.total</c>). Defaults to 1000.</value>
    [Range(1, 1_000_000)]
    public int SessionStartLimit { get; set; } = 1000;

    /// <value>Recommended shard count in /gateway/bot. Defaults to 1.</value>
    [Range(1, 1024)]
    public int RecommendedShards { get; set; } = 1;

    /// <value>Guilds one shard may hold before IDENTIFY is closed with 4011. Defaults to 2500.</value>
    [Range(1, 100_000)]
    public int MaxGuildsPerShard { get; set; } = 2500;

    /// <value>Client sends allowed per 60 s per connection before close 4008. Defaults to 120.</value>
    [Range(1, 1_000_000)]
    public int GatewaySendLimitPerMinute { get; set; } = 120;

    /// <value>Whether REST rate limits are enforced. Defaults to true.</value>
    public bool EnforceRestRateLimits { get; set; } = true;

    /// <value>Global REST limit per second. Defaults to 50.</value>
    [Range(1, 1_000_000)]
    public int GlobalRateLimitPerSecond { get; set; } = 50;

    /// <value>Per-channel limit of the message routes (create, edit, delete). Defaults to 5.</value>
    [Range(1, 1_000_000)]
    public int MessageRateLimit { get; set; } = 5;

    /// <value>Window of <see cref="MessageRateLimit"/>. Defaults to 5 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MessageRateLimitWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <value>Limit of every other route bucket. Defaults to 50 per <see cref="DefaultRateLimitWindow"/>.</value>
    [Range(1, 1_000_000)]
    public int DefaultRateLimit { get; set; } = 50;

    /// <value>Window of <see cref="DefaultRateLimit"/>. Defaults to 1 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan DefaultRateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <value>REST requests kept for <see cref="DiscordEmulator.Requests"/>. Defaults to 10,000 (oldest dropped).</value>
    [Range(1, 10_000_000)]
    public int MaxRecordedRequests { get; set; } = 10_000;

    /// <value>Gateway frames kept for <see cref="DiscordEmulator.Frames"/>. Defaults to 20,000 (oldest dropped).
    /// Flood frames are never recorded, so a benchmark cannot grow server memory.</value>
    [Range(1, 10_000_000)]
    public int MaxRecordedFrames { get; set; } = 20_000;

    /// <value>Clock for rate limits, heartbeats, snowflakes and timestamps. Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ValidationException("Invalid EmulatorOptions: " + string.Join("; ", results.Select(r => r.ErrorMessage)));
        }
        if (BotToken.StartsWith("Bot ", StringComparison.Ordinal))
        {
            throw new ValidationException("Invalid EmulatorOptions: BotToken must not include the 'Bot ' prefix.");
        }
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
