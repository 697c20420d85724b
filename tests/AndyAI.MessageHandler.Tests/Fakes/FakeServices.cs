using System.Collections.Concurrent;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

/// <summary>A token bucket per key on a <see cref="TimeProvider"/>, like the host's, so tests can refill it by advancing time.</summary>
internal sealed class FakeKeyedRateLimiter(RateLimitPolicy policy, TimeProvider time) : IKeyedRateLimiter
{
    private readonly Dictionary<ulong, (double Tokens, DateTimeOffset At)> _buckets = [];

    public bool IsDisposed { get; private set; }

    public RateLimitPolicy Policy => policy;

    public RateLimitDecision TryAcquire(ulong key, int permits = 1)
    {
        lock (_buckets)
        {
            DateTimeOffset now = time.GetUtcNow();
            (double tokens, DateTimeOffset at) = _buckets.TryGetValue(key, out var bucket) ? bucket : (policy.Capacity, now);
            double periods = (now - at) / policy.Period;
            double whole = Math.Floor(periods);
            tokens = Math.Min(policy.Capacity, tokens + (whole * policy.TokensPerPeriod));
            at += policy.Period * whole;
            if (tokens >= policy.Capacity)
            {
                at = now;
            }

            if (tokens >= permits)
            {
                _buckets[key] = (tokens - permits, at);
                return RateLimitDecision.Allowed;
            }

            _buckets[key] = (tokens, at);
            double periodsNeeded = Math.Ceiling((permits - tokens) / policy.TokensPerPeriod);
            TimeSpan retryAfter = at + (policy.Period * periodsNeeded) - now;
            return new RateLimitDecision(false, retryAfter);
        }
    }

    public void Dispose() => IsDisposed = true;
}

internal sealed class FakeRateLimitService(TimeProvider time) : IRateLimitService
{
    public IKeyedRateLimiter PerUser { get; set; } = new FakeKeyedRateLimiter(new RateLimitPolicy(1000, 1000, TimeSpan.FromSeconds(1)), time);

    public IKeyedRateLimiter PerGuild { get; set; } = new FakeKeyedRateLimiter(new RateLimitPolicy(1000, 1000, TimeSpan.FromSeconds(1)), time);

    public List<FakeKeyedRateLimiter> Created { get; } = [];

    public IKeyedRateLimiter Create(RateLimitPolicy policy)
    {
        if (policy.Capacity <= 0 || policy.TokensPerPeriod <= 0 || policy.Period <= TimeSpan.Zero)
        {
            throw new ArgumentException("The policy is invalid.", nameof(policy));
        }

        var limiter = new FakeKeyedRateLimiter(policy, time);
        Created.Add(limiter);
        return limiter;
    }
}

internal sealed class FakeResponseCache(TimeProvider time) : IResponseCache
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> _entries = new();

    public int Hits;

    public int Misses;

    public ICollection<string> Keys => _entries.Keys;

    public async ValueTask<string> GetOrCreateAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        if (await TryGetAsync(key, cancellationToken) is { } hit)
        {
            return hit;
        }

        string value = await factory(cancellationToken);
        await SetAsync(key, value, timeToLive, cancellationToken);
        return value;
    }

    public ValueTask<string?> TryGetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow())
        {
            Interlocked.Increment(ref Hits);
            return ValueTask.FromResult<string?>(entry.Value);
        }

        Interlocked.Increment(ref Misses);
        return ValueTask.FromResult<string?>(null);
    }

    public ValueTask SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        _entries[key] = (value, time.GetUtcNow() + timeToLive);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        _entries.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    public ResponseCacheStatistics GetStatistics() => new(Hits, Misses, _entries.Count, 0, 0);
}

internal sealed class FakeStatistics : IBotStatistics
{
    public ConcurrentDictionary<string, long> Counters { get; } = new();

    public ConcurrentQueue<(string Name, TimeSpan Duration)> Durations { get; } = new();

    public long this[string counter] => Counters.TryGetValue(counter, out long value) ? value : 0;

    public void Increment(string counter, long value = 1) => Counters.AddOrUpdate(counter, value, (_, old) => old + value);

    public void RecordDuration(string histogram, TimeSpan duration) => Durations.Enqueue((histogram, duration));

    public BotStatisticsSnapshot Snapshot() => new(DateTimeOffset.UnixEpoch, Counters.ToDictionary(), new Dictionary<string, DurationSummary>());
}

internal sealed class FakeCommandRegistry : ICommandRegistry
{
    public Func<DiscordMessage, bool> IsCommand { get; set; } = _ => false;

    public string Prefix => "!";

    public void Add(CommandDefinition command) => throw new NotSupportedException("The MessageHandler cog registers no commands.");

    public bool IsCommandInvocation(DiscordMessage message) => IsCommand(message);
}
