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

    public ValueTask<RateLimitDecisions> TryAcquireBothAsync(IKeyedRateLimiter first, ulong firstKey, IKeyedRateLimiter second, ulong secondKey, CancellationToken cancellationToken = default) =>
        TryAcquireBoth(first, firstKey, second, secondKey, cancellationToken);

    /// <summary>
    /// The host's limiters (or a cog's view of them) with their buckets in one place go through
    /// <see cref="KeyedTokenBucketLimiter.TryAcquireBothAsync"/> (one round trip when shared); any others are asked in turn.
    /// </summary>
    internal static ValueTask<RateLimitDecisions> TryAcquireBoth(IKeyedRateLimiter first, ulong firstKey, IKeyedRateLimiter second, ulong secondKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Unwrap(first) is { } a && Unwrap(second) is { } b && a.SharesBucketsWith(b)
            ? KeyedTokenBucketLimiter.TryAcquireBothAsync(a, firstKey, b, secondKey, cancellationToken)
            : InTurnAsync(first, firstKey, second, secondKey, cancellationToken);
    }

    private static KeyedTokenBucketLimiter? Unwrap(IKeyedRateLimiter limiter) => limiter switch
    {
        KeyedTokenBucketLimiter own => own,
        CogRateLimitService.SharedLimiter view => view.Inner,
        _ => null,
    };

    private static async ValueTask<RateLimitDecisions> InTurnAsync(IKeyedRateLimiter first, ulong firstKey, IKeyedRateLimiter second, ulong secondKey, CancellationToken cancellationToken)
    {
        RateLimitDecision taken = await first.TryAcquireAsync(firstKey, 1, cancellationToken);
        return new RateLimitDecisions(taken, taken.IsAllowed ? await second.TryAcquireAsync(secondKey, 1, cancellationToken) : RateLimitDecision.Allowed);
    }

    public void Dispose()
    {
        _perUser.Dispose();
        _perGuild.Dispose();
    }
}
