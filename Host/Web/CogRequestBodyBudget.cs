using System.Threading.RateLimiting;

namespace AndyAI.Host.Web;

/// <summary>
/// How many bytes of cog-route request bodies the process holds at once, across every request: a
/// <see cref="ConcurrencyLimiter"/> whose permits are bytes. Each request takes its Content-Length (or, for a chunked
/// body, its route's limit) before reading and gives it back when its handler is done. Without it, callers of an
/// anonymous route could hold a route's 1 MiB per connection on as many connections as they like; over the budget a
/// request is answered 503 at once, before its body is read.
/// </summary>
internal sealed class CogRequestBodyBudget : IDisposable
{
    /// <summary>16 MiB: sixteen 1 MiB webhook deliveries in flight at once, far more than a bot's webhooks send.</summary>
    public const int DefaultCapacity = 16 * 1024 * 1024;

    private readonly ConcurrencyLimiter _bytes;

    /// <param name="capacity">The bytes that may be held at once.</param>
    public CogRequestBodyBudget(int capacity)
    {
        Capacity = capacity;
        _bytes = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = capacity, QueueLimit = 0 });
    }

    /// <summary>The bytes that may be held at once.</summary>
    public int Capacity { get; }

    /// <summary>The bytes held now.</summary>
    public long Reserved => Capacity - (_bytes.GetStatistics()?.CurrentAvailablePermits ?? Capacity);

    /// <summary>Takes <paramref name="bytes"/> (1 or more) until the lease is disposed; <see cref="RateLimitLease.IsAcquired"/> is false when that would pass the capacity.</summary>
    public RateLimitLease Reserve(int bytes) => _bytes.AttemptAcquire(bytes);

    public void Dispose() => _bytes.Dispose();
}
