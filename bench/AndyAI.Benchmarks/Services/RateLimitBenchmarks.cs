using System.Threading.RateLimiting;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Services.RateLimiting;
using BenchmarkDotNet.Attributes;

namespace AndyAI.Benchmarks.Services;

/// <summary>One rate-limit check: our keyed buckets against PartitionedRateLimiter + TokenBucketRateLimiter.</summary>
[MemoryDiagnoser]
public class RateLimitBenchmarks
{
    private const int Keys = 1000;
    private KeyedTokenBucketLimiter _keyed = null!;
    private KeyedTokenBucketLimiter _keyedDenying = null!;
    private PartitionedRateLimiter<ulong> _partitioned = null!;
    private ulong _next;

    [GlobalSetup]
    public void Setup()
    {
        // A bucket so large it never runs dry: the allowed path is the one every message takes.
        _keyed = new KeyedTokenBucketLimiter(new RateLimitPolicy(int.MaxValue, int.MaxValue, TimeSpan.FromSeconds(1)), TimeProvider.System);
        _keyedDenying = new KeyedTokenBucketLimiter(new RateLimitPolicy(1, 1, TimeSpan.FromHours(1)), TimeProvider.System);
        var options = new TokenBucketRateLimiterOptions { TokenLimit = int.MaxValue, TokensPerPeriod = int.MaxValue, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = false };
        _partitioned = PartitionedRateLimiter.Create<ulong, ulong>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => options));
        for (ulong key = 0; key < Keys; key++)
        {
            _keyed.TryAcquire(key);
            _keyedDenying.TryAcquire(key);
            _partitioned.AttemptAcquire(key).Dispose();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keyed.Dispose();
        _keyedDenying.Dispose();
        _partitioned.Dispose();
    }

    [Benchmark(Baseline = true, Description = "KeyedTokenBucket allowed, 1000 keys")]
    public bool Keyed_Allowed() => _keyed.TryAcquire(_next++ % Keys).IsAllowed;

    [Benchmark(Description = "KeyedTokenBucket denied (RetryAfter computed), 1000 keys")]
    public bool Keyed_Denied() => _keyedDenying.TryAcquire(_next++ % Keys).IsAllowed;

    [Benchmark(Description = "PartitionedRateLimiter+TokenBucket allowed, 1000 keys")]
    public bool Partitioned_Allowed()
    {
        using RateLimitLease lease = _partitioned.AttemptAcquire(_next++ % Keys);
        return lease.IsAcquired;
    }
}
