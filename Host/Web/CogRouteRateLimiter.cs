using System.Threading.RateLimiting;
using AndyAI.Host.Cogs.Http;

namespace AndyAI.Host.Web;

/// <summary>
/// The rate limit of anonymous cog routes as a <see cref="PartitionedRateLimiter{TResource}"/>: one token bucket per
/// route and caller address (<see cref="CogHttpCallerBuckets"/>, which the test kit's fake shares). A refused lease
/// carries <see cref="MetadataName.RetryAfter"/>. Not <see cref="PartitionedRateLimiter.Create{TResource, TPartitionKey}"/>
/// with token buckets: those refill on a wall-clock timer of their own, which a test cannot drive with a fake
/// <see cref="TimeProvider"/> (dotnet/runtime#106447); these refill from the host's clock when asked. Nothing waits: a
/// request over the allowance is answered 429 at once.
/// </summary>
internal sealed class CogRouteRateLimiter : PartitionedRateLimiter<CogRouteCaller>
{
    private static readonly RateLimitLease Granted = new Lease(null);

    private readonly CogHttpCallerBuckets _buckets;

    public CogRouteRateLimiter(TimeProvider time, int maxCallers = CogHttpCallerBuckets.DefaultMaxCallers)
    {
        _buckets = new CogHttpCallerBuckets(time, maxCallers);
    }

    /// <summary>The (route, caller) pairs tracked now.</summary>
    public int TrackedCallers => _buckets.Count;

    // Per-partition statistics would cost a lookup per call; nobody reads them.
    public override RateLimiterStatistics? GetStatistics(CogRouteCaller resource) => null;

    protected override RateLimitLease AttemptAcquireCore(CogRouteCaller resource, int permitCount)
    {
        // One request is one permit; nobody asks whether one would be served without taking it (a count of 0).
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        return _buckets.TryTake(resource.Route, resource.Caller, resource.PerMinute, out TimeSpan retryAfter) ? Granted : new Lease(retryAfter);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(CogRouteCaller resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    /// <summary>A granted lease (no retry time) or a refused one with its <see cref="MetadataName.RetryAfter"/>; nothing to give back.</summary>
    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
