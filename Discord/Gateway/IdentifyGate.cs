using AndyAI.Abstractions;
using AndyAI.Discord.Json;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// Spaces IDENTIFYs the way Discord demands: one per <c>max_concurrency</c> bucket (shard id mod max_concurrency)
/// every 5 seconds, and no more than the daily budget from <c>session_start_limit</c>. Shared by all shards; with an
/// <see cref="IIdentifyCoordinator"/>, the buckets are also shared with the other processes of the bot.
/// </summary>
internal sealed partial class IdentifyGate(TimeProvider time, ILogger logger, IIdentifyCoordinator? coordinator = null)
{
    // Discord's window is 5 s, measured where each IDENTIFY arrives; ours starts when we send. If the previous
    // IDENTIFY took longer to arrive than this one, a wait of exactly 5 s looks early to Discord, which answers op 9
    // and costs another full cycle. Half a second of margin absorbs that skew.
    public static readonly TimeSpan BucketInterval = TimeSpan.FromSeconds(5.5);

    private readonly Lock _gate = new();
    private SemaphoreSlim[] _buckets = [new(1, 1)];
    private long[] _lastIdentify = [0];
    private int _total = 1000;
    private int _remaining = 1000;
    private DateTimeOffset _resetAt = DateTimeOffset.MaxValue;

    public int MaxConcurrency => _buckets.Length;

    public int Remaining
    {
        get { lock (_gate) return _remaining; }
    }

    public void Update(JsonSessionStartLimit limit)
    {
        lock (_gate)
        {
            _total = Math.Max(1, limit.Total);
            _remaining = Math.Max(0, limit.Remaining);
            _resetAt = time.GetUtcNow() + TimeSpan.FromMilliseconds(Math.Max(0, limit.ResetAfter));
            int concurrency = Math.Max(1, limit.MaxConcurrency);
            if (concurrency != _buckets.Length)
            {
                _buckets = [.. Enumerable.Range(0, concurrency).Select(_ => new SemaphoreSlim(1, 1))];
                _lastIdentify = new long[concurrency];
            }
        }
    }

    /// <summary>Waits until <paramref name="shardId"/> may identify, and spends one identify.</summary>
    public async ValueTask WaitAsync(int shardId, CancellationToken cancellationToken)
    {
        SemaphoreSlim[] buckets;
        long[] last;
        lock (_gate)
        {
            buckets = _buckets;
            last = _lastIdentify;
        }

        int bucket = shardId % buckets.Length;
        await buckets[bucket].WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    DateTimeOffset now = time.GetUtcNow();
                    if (now >= _resetAt)
                    {
                        _remaining = _total;
                        _resetAt = now + TimeSpan.FromDays(1);
                    }

                    if (_remaining > 0)
                    {
                        _remaining--;
                        break;
                    }

                    wait = _resetAt - now;
                }

                LogBudgetExhausted(logger, DurationText.Format(wait));
                await Task.Delay(wait, time, cancellationToken);
            }

            if (last[bucket] != 0)
            {
                TimeSpan since = time.GetElapsedTime(last[bucket]);
                if (since < BucketInterval) await Task.Delay(BucketInterval - since, time, cancellationToken);
            }

            if (coordinator is not null) await coordinator.WaitAsync(bucket, BucketInterval, cancellationToken);

            last[bucket] = time.GetTimestamp();
        }
        finally
        {
            buckets[bucket].Release();
        }
    }

    [LoggerMessage(LogLevel.Warning, "The daily identify budget is spent; waiting {Wait} before identifying again")]
    private static partial void LogBudgetExhausted(ILogger logger, string wait);
}
