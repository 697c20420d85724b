using System.Diagnostics;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Benchmarks.Services;

/// <summary>
/// The same operations as <see cref="RateLimitBenchmarks"/> and <see cref="ResponseCacheBenchmarks"/>, timed by CPU
/// time consumed instead of wall time. On the shared build machine (load average 20–30 on 2 cores) wall-clock
/// ns/op mostly measures waiting for a core; process CPU time per op does not.
/// Run: dotnet run -c Release --project bench/AndyAI.Benchmarks -- services-cpu
/// </summary>
internal static class ServicesCpuHarness
{
    public static async Task RunAsync()
    {
        var rate = new RateLimitBenchmarks();
        rate.Setup();
        var cache = new ResponseCacheBenchmarks();
        await cache.Setup();
        try
        {
            Measure("KeyedTokenBucket allowed, 1000 keys", 5_000_000, () => rate.Keyed_Allowed());
            Measure("KeyedTokenBucket denied, 1000 keys", 2_000_000, () => rate.Keyed_Denied());
            Measure("PartitionedRateLimiter+TokenBucket allowed", 2_000_000, () => rate.Partitioned_Allowed());
            Measure("IResponseCache.GetOrCreateAsync hit (cog partition)", 2_000_000, () => Sync(cache.Partition_Hit()));
            Measure("HybridCache.GetOrCreateAsync hit", 2_000_000, () => Sync(cache.Hybrid_Hit()));
            Measure("ILlmService.CompleteAsync cached answer", 200_000, () => cache.Llm_CachedAnswer().GetAwaiter().GetResult().IsOk);
        }
        finally
        {
            rate.Cleanup();
            await cache.Cleanup();
        }
    }

    private static bool Sync(ValueTask<string> pending) => (pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult()).Length > 0;

    private static void Measure(string name, int operations, Func<bool> op)
    {
        for (int i = 0; i < operations / 10; i++)
        {
            op();
        }

        double best = double.MaxValue;
        double bytes = 0;
        for (int round = 0; round < 3; round++)
        {
            using Process self = Process.GetCurrentProcess();
            TimeSpan cpuBefore = self.TotalProcessorTime;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < operations; i++)
            {
                op();
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            self.Refresh();
            double ns = (self.TotalProcessorTime - cpuBefore).TotalNanoseconds / operations;
            best = Math.Min(best, ns);
            bytes = (double)allocated / operations;
        }

        Console.WriteLine($"| {name} | {best:F1} ns CPU/op | {bytes:F1} B/op |");
    }
}
