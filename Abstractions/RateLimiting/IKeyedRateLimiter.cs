namespace AndyAI.Abstractions.RateLimiting;

/// <summary>A token bucket per key. Idle keys are forgotten, so memory stays bounded with millions of keys.</summary>
public interface IKeyedRateLimiter : IDisposable
{
    /// <summary>
    /// Takes <paramref name="permits"/> tokens from <paramref name="key"/>'s bucket, if it has them. Local buckets never
    /// block; while the bot's processes share their buckets on Redis (<c>REDIS_URL</c>) this waits for one round trip:
    /// on message and interaction paths prefer <see cref="TryAcquireAsync"/>.
    /// </summary>
    RateLimitDecision TryAcquire(ulong key, int permits = 1);

    /// <summary>
    /// Like <see cref="TryAcquire"/>, without holding a thread while shared buckets answer. With local buckets it
    /// completes synchronously and allocates nothing.
    /// </summary>
    /// <remarks>Added in contract 1.4; implementations built against earlier contracts inherit this default, which calls <see cref="TryAcquire"/>.</remarks>
    ValueTask<RateLimitDecision> TryAcquireAsync(ulong key, int permits = 1, CancellationToken cancellationToken = default) =>
        new(TryAcquire(key, permits));
}
