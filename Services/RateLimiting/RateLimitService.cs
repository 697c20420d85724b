using AndyAI.Abstractions.RateLimiting;
using Microsoft.Extensions.Options;

namespace AndyAI.Services.RateLimiting;

/// <summary>The host's rate limits: shared per-user and per-guild buckets, and limiters made to a cog's policy.</summary>
internal sealed class RateLimitService : IRateLimitService, IDisposable
{
    private readonly KeyedTokenBucketLimiter _perUser;
    private readonly KeyedTokenBucketLimiter _perGuild;
    private readonly TimeProvider _time;

    public RateLimitService(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _perUser = new KeyedTokenBucketLimiter(options.Value.PerUser.ToPolicy(), time);
        _perGuild = new KeyedTokenBucketLimiter(options.Value.PerGuild.ToPolicy(), time);
    }

    public IKeyedRateLimiter PerUser => _perUser;

    public IKeyedRateLimiter PerGuild => _perGuild;

    internal KeyedTokenBucketLimiter PerUserLimiter => _perUser;

    internal KeyedTokenBucketLimiter PerGuildLimiter => _perGuild;

    public IKeyedRateLimiter Create(RateLimitPolicy policy) => new KeyedTokenBucketLimiter(policy, _time);

    public void Dispose()
    {
        _perUser.Dispose();
        _perGuild.Dispose();
    }
}
