using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Testing;

/// <summary>
/// A model whose answer a test chooses; records every request that reaches the "provider". Streams the answer in
/// pieces, optionally spaced in (fake) time. Like the real service it caches Ok, non-blank answers of requests that
/// set <see cref="LlmRequest.CacheTimeToLive"/> (key: model, system prompt, trimmed turns) and serves them, through
/// <see cref="TryGetCachedAsync"/> too, without recording a request.
/// </summary>
/// <param name="time">The clock <see cref="StreamDelay"/> waits on.</param>
public sealed class FakeLlmService(TimeProvider time) : ILlmService
{
    private readonly ConcurrentDictionary<string, (string Text, DateTimeOffset Expires)> _cache = new();
    private int _completeCalls;
    private int _streamCalls;

    /// <summary>Every request, in order.</summary>
    public ConcurrentQueue<LlmRequest> Requests { get; } = new();

    /// <summary>Keys of the answers held in the cache.</summary>
    public ICollection<string> CachedKeys => _cache.Keys;

    /// <summary>How many times <see cref="CompleteAsync"/> was called.</summary>
    public int CompleteCalls => Volatile.Read(ref _completeCalls);

    /// <summary>How many times <see cref="StreamAsync"/> was called.</summary>
    public int StreamCalls => Volatile.Read(ref _streamCalls);

    /// <summary>The answer to a request. Defaults to <c>Answer to: </c> followed by the last turn's text.</summary>
    public Func<LlmRequest, LlmResult> Respond { get; set; } =
        request => new LlmResult { Outcome = LlmOutcome.Ok, Text = "Answer to: " + request.Messages[^1].Text, Attempts = 1 };

    /// <summary>How many characters each streamed delta carries. Defaults to 50.</summary>
    public int StreamPieceLength { get; set; } = 50;

    /// <summary>Fake time between two streamed deltas. Defaults to none.</summary>
    public TimeSpan StreamDelay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, a request waits for it before answering (holds a request in flight); cancelling the request answers Cancelled.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, requests throw it (a misbehaving service: the contract says it never throws).</summary>
    public Exception? Throw { get; set; }

    /// <summary>
    /// Users whose daily quota is used up, with when it resets: like the real service, <see cref="QuotaExceededUntilAsync"/>
    /// names the time, and their requests answer <see cref="LlmOutcome.QuotaExceeded"/> without reaching the "provider"
    /// or the cache (<see cref="TryGetCachedAsync"/> still serves them: a cached answer costs no tokens).
    /// </summary>
    public ConcurrentDictionary<ulong, DateTimeOffset> QuotaUsedUp { get; } = new();

    /// <summary>
    /// Servers whose daily quota is used up, with when it resets. Like the real service, a server's quota applies to the
    /// requests attributed to a user in that server (<see cref="LlmRequest.UserId"/> and <see cref="LlmRequest.GuildId"/>);
    /// when both quotas are used up, the user's reset time is named.
    /// </summary>
    public ConcurrentDictionary<ulong, DateTimeOffset> GuildQuotaUsedUp { get; } = new();

    /// <inheritdoc />
    public bool IsConfigured { get; set; } = true;

    /// <inheritdoc />
    public string ProviderDescription { get; set; } = "fake";

    /// <inheritdoc />
    public ValueTask<LlmResult?> TryGetCachedAsync(LlmRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Cached(request));

    /// <inheritdoc />
    public ValueTask<DateTimeOffset?> QuotaExceededUntilAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(QuotaResets(userId, guildId));

    /// <inheritdoc />
    public async Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _completeCalls);
        if (OverQuota(request) is { } refused)
        {
            return refused;
        }

        if (Cached(request) is { } hit)
        {
            return hit;
        }

        Requests.Enqueue(request);
        if (Throw is { } exception)
        {
            throw exception;
        }

        if (Gate is { } gate && !await PassGateAsync(gate, cancellationToken))
        {
            return new LlmResult { Outcome = LlmOutcome.Cancelled };
        }

        return Remember(request, Respond(request));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LlmStreamUpdate> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _streamCalls);
        if (OverQuota(request) is { } refused)
        {
            yield return new LlmStreamUpdate("", refused);
            yield break;
        }

        if (Cached(request) is { } hit)
        {
            yield return new LlmStreamUpdate(hit.Text);
            yield return new LlmStreamUpdate("", hit);
            yield break;
        }

        Requests.Enqueue(request);
        if (Throw is { } exception)
        {
            throw exception;
        }

        if (Gate is { } gate && !await PassGateAsync(gate, cancellationToken))
        {
            yield return new LlmStreamUpdate("", new LlmResult { Outcome = LlmOutcome.Cancelled });
            yield break;
        }

        LlmResult result = Remember(request, Respond(request));
        if (result.IsOk)
        {
            for (int i = 0; i < result.Text.Length; i += StreamPieceLength)
            {
                if (StreamDelay > TimeSpan.Zero)
                {
                    await Task.Delay(StreamDelay, time, cancellationToken);
                }

                yield return new LlmStreamUpdate(result.Text.Substring(i, Math.Min(StreamPieceLength, result.Text.Length - i)));
            }
        }

        yield return new LlmStreamUpdate("", result);
    }

    private DateTimeOffset? QuotaResets(ulong userId, ulong? guildId) =>
        QuotaUsedUp.TryGetValue(userId, out DateTimeOffset user) ? user
        : guildId is { } guild && GuildQuotaUsedUp.TryGetValue(guild, out DateTimeOffset server) ? server
        : null;

    private LlmResult? OverQuota(LlmRequest request) =>
        request.UserId is { } user && QuotaResets(user, request.GuildId) is { } resets
            ? new LlmResult { Outcome = LlmOutcome.QuotaExceeded, Detail = "The daily token quota is used up.", QuotaResetsAt = resets }
            : null;

    private LlmResult? Cached(LlmRequest request) =>
        request.CacheTimeToLive is not null && _cache.TryGetValue(Key(request), out var entry) && entry.Expires > time.GetUtcNow()
            ? new LlmResult { Outcome = LlmOutcome.Ok, Text = entry.Text, FromCache = true }
            : null;

    private LlmResult Remember(LlmRequest request, LlmResult result)
    {
        if (request.CacheTimeToLive is { } ttl && result.IsOk && !string.IsNullOrWhiteSpace(result.Text))
        {
            _cache[Key(request)] = (result.Text, time.GetUtcNow() + ttl);
        }

        return result;
    }

    private static string Key(LlmRequest request) =>
        string.Join("\n", [request.Model ?? "", request.SystemPrompt ?? "", .. request.Messages.Select(t => $"{t.Role}:{t.Text.Trim()}")]);

    private static async Task<bool> PassGateAsync(TaskCompletionSource gate, CancellationToken cancellationToken)
    {
        try
        {
            await gate.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
