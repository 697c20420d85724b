using AndyAI.Abstractions.RateLimiting;
using Microsoft.Extensions.Options;

namespace AndyAI.Services.RateLimiting;

/// <summary>The host's rate limits: shared per-user and per-guild buckets, and limiters made to a cog's policy.</summary>
internal sealed class RateLimitService : IRateLimitService, IDisposable
{
    private readonly KeyedTokenBucketLimiter _perUser;
    private readonly KeyedTokenBucketLimiter _perGuild;
    private readonly TimeProvider _time;
    private readonly ISharedTokenBuckets? _shared;

    /// <param name="options">The per-user and per-guild policies.</param>
    /// <param name="time">The clock.</param>
    /// <param name="shared">Buckets shared with the bot's other processes (REDIS_URL), or <see langword="null"/>.</param>
    public RateLimitService(IOptions<RateLimitOptions> options, TimeProvider time, ISharedTokenBuckets? shared = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _shared = shared;
        _perUser = new KeyedTokenBucketLimiter(options.Value.PerUser.ToPolicy(), time, shared, "user");
        _perGuild = new KeyedTokenBucketLimiter(options.Value.PerGuild.ToPolicy(), time, shared, "guild");
    }

    public IKeyedRateLimiter PerUser => _perUser;

    public IKeyedRateLimiter PerGuild => _perGuild;

    internal KeyedTokenBucketLimiter PerUserLimiter => _perUser;

    internal KeyedTokenBucketLimiter PerGuildLimiter => _perGuild;

    public IKeyedRateLimiter Create(RateLimitPolicy policy) => new KeyedTokenBucketLimiter(policy, _time);

    /// <summary>A cog's limiter, shared across processes as <paramref name="scope"/> when buckets are shared.</summary>
    internal KeyedTokenBucketLimiter Create(RateLimitPolicy policy, string scope) => new(policy, _time, _shared, scope);

    public void Dispose()
    {
        _perUser.Dispose();
        _perGuild.Dispose();
    }
}
