namespace AndyAI.Discord.Rest.RateLimits;

/// <summary>
/// Discord's per-token REST limits across the processes that share one bot (Cluster/ keeps them in Redis): the
/// global requests per second, the invalid-request budget, global 429 pauses, and what one process learned about
/// per-route buckets (a route's bucket hash; a bucket with nothing left until its reset). <see cref="RestRateLimiter"/> asks here first and
/// decides alone when an answer is <see langword="null"/> (the shared store is unreachable).
/// </summary>
internal interface IRestCoordinator
{
    /// <summary>Takes one request from this second's shared budget of <paramref name="perSecond"/>: zero to go now, else how long to wait; <see langword="null"/> when the shared store cannot answer.</summary>
    ValueTask<TimeSpan?> TryAcquireGlobalAsync(int perSecond, CancellationToken cancellationToken);

    /// <summary>Counts an invalid response (401, 403, 429) towards the shared 10-minute budget. Must return at once.</summary>
    void RecordInvalid();

    /// <summary>Tells the other processes that Discord answered a global 429: they pause too. Must return at once.</summary>
    void AnnounceGlobalPause(TimeSpan retryAfter);

    /// <summary>Raised when another process got a global 429 (with its <c>retry_after</c>).</summary>
    event Action<TimeSpan>? GlobalPaused;

    /// <summary>Tells the other processes that <paramref name="route"/> belongs to bucket <paramref name="hash"/>. Must return at once.</summary>
    void ShareRoute(string route, string hash);

    /// <summary>The bucket hash another process learned for <paramref name="route"/>, or <see langword="null"/>. A local read: no round trip.</summary>
    string? SharedHash(string route);

    /// <summary>Tells the other processes that bucket <paramref name="bucketKey"/> has nothing left until <paramref name="until"/>. Must return at once.</summary>
    void ShareExhausted(string bucketKey, DateTimeOffset until);

    /// <summary>Until when another process found <paramref name="bucketKey"/> exhausted, if that is still ahead; else <see langword="null"/>. A local read: no round trip.</summary>
    DateTimeOffset? ExhaustedUntil(string bucketKey);

    /// <summary>Invalid responses of every process in the last 10 minutes, as last read (refreshed in the background); <see langword="null"/> when unknown.</summary>
    int? InvalidInWindow { get; }
}
