namespace AndyAI.Discord.Gateway;

/// <summary>
/// Spaces IDENTIFYs across processes that share one bot: one per rate-limit key (<c>shard_id % max_concurrency</c>)
/// per 5 seconds, cluster-wide. <see cref="IdentifyGate"/> still spaces this process's own; this adds the others'.
/// </summary>
internal interface IIdentifyCoordinator
{
    /// <summary>Waits until rate-limit key <paramref name="bucket"/> is free cluster-wide and takes it; returns at once when the shared store is unreachable (the local spacing still holds).</summary>
    ValueTask WaitAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken);
}
