using System.ClientModel.Primitives;
using System.Globalization;

namespace AndyAI.Services.Llm;

/// <summary>
/// The SDK pipeline's retry policy, set explicitly because the SDK default retries with no backoff. Exponential
/// backoff with ±20 % jitter; 429 starts from a longer base than 5xx; a server's <c>Retry-After</c> is honoured
/// (the larger of it and the backoff) but capped; 401/403 and other 4xx are never retried; timeouts and
/// connection failures are. Waits go through the injected <see cref="TimeProvider"/> so tests can drive them.
/// </summary>
internal sealed class LlmRetryPolicy : ClientRetryPolicy
{
    private readonly int _maxRetries;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _rateLimitedBaseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;

    public LlmRetryPolicy(LlmOptions options, TimeProvider time)
        : base(options.MaxRetries)
    {
        _maxRetries = options.MaxRetries;
        _baseDelay = options.RetryBaseDelay;
        _rateLimitedBaseDelay = options.RateLimitedRetryBaseDelay;
        _maxDelay = options.MaxRetryDelay;
        _time = time;
    }

    /// <summary>Counts attempts of the current logical call (set by the LLM service around each SDK call).</summary>
    internal static readonly AsyncLocal<AttemptCounter?> CurrentCall = new();

    internal static bool IsRetriableStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    protected override void OnSendingRequest(PipelineMessage message) => CountAttempt(message);

    protected override ValueTask OnSendingRequestAsync(PipelineMessage message)
    {
        CountAttempt(message);
        return ValueTask.CompletedTask;
    }

    protected override bool ShouldRetry(PipelineMessage message, Exception? exception) => Decide(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) => new(Decide(message, exception));

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        ArgumentNullException.ThrowIfNull(message);
        int status = message.Response?.Status ?? 0;
        TimeSpan first = status == 429 ? _rateLimitedBaseDelay : _baseDelay;
        double factor = Math.Pow(2, Math.Max(0, tryCount - 1));
        double jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        TimeSpan backoff = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor * jitter, TimeSpan.MaxValue.Ticks / 2));
        if (message.Response is { } response && TryReadRetryAfter(response, _time, out TimeSpan retryAfter) && retryAfter > backoff)
        {
            backoff = retryAfter;
        }

        TimeSpan delay = backoff > _maxDelay ? _maxDelay : backoff;
        CurrentCall.Value?.RecordDelay(delay);
        return delay;
    }

    protected override Task WaitAsync(TimeSpan time, CancellationToken cancellationToken) => Task.Delay(time, _time, cancellationToken);

    protected override void Wait(TimeSpan time, CancellationToken cancellationToken) =>
        WaitAsync(time, cancellationToken).GetAwaiter().GetResult(); // the service only calls the SDK's async methods

    /// <summary>Reads <c>Retry-After</c> as seconds or an HTTP date.</summary>
    internal static bool TryReadRetryAfter(PipelineResponse response, TimeProvider time, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!response.Headers.TryGetValue("Retry-After", out string? value) || string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 && seconds < int.MaxValue)
        {
            retryAfter = TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
        {
            TimeSpan wait = when - time.GetUtcNow();
            retryAfter = wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            return true;
        }

        return false;
    }

    private static void CountAttempt(PipelineMessage message)
    {
        int tries = message.TryGetProperty(typeof(LlmRetryPolicy), out object? value) && value is int n ? n + 1 : 1;
        message.SetProperty(typeof(LlmRetryPolicy), tries);
        CurrentCall.Value?.RecordAttempt();
    }

    private bool Decide(PipelineMessage message, Exception? exception)
    {
        int tries = message.TryGetProperty(typeof(LlmRetryPolicy), out object? value) && value is int n ? n : 1;
        if (tries > _maxRetries || message.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (exception is null)
        {
            // 401/403 (and every other 4xx but 408/429) fail fast: retrying cannot fix a bad key or request.
            return message.Response is { } response && IsRetriableStatus(response.Status);
        }

        // Connection failures and per-try network timeouts (the caller's token is not cancelled: checked above).
        return exception is IOException or HttpRequestException or OperationCanceledException
            || exception.InnerException is IOException or HttpRequestException;
    }
}

/// <summary>Attempts and waits of one logical LLM call, for the result and for statistics.</summary>
internal sealed class AttemptCounter
{
    private int _attempts;
    private readonly List<TimeSpan> _delays = [];

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_delays)
            {
                return [.. _delays];
            }
        }
    }

    public void RecordAttempt() => Interlocked.Increment(ref _attempts);

    public void RecordDelay(TimeSpan delay)
    {
        lock (_delays)
        {
            _delays.Add(delay);
        }
    }
}
