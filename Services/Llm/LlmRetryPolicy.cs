using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;

namespace AndyAI.Services.Llm;

/// <summary>
/// When to try a failed call again and how long to wait first. Exponential backoff with ±20 % jitter; 429 starts
/// from a longer base than 5xx; a server's <c>Retry-After</c> is honoured (the larger of it and the backoff) but
/// capped; 401/403 and other 4xx are never retried; per-attempt timeouts and connection failures are.
/// </summary>
/// <remarks>
/// The service runs the attempts itself (the SDK's own retries are switched off) so that one deadline covers every
/// attempt and wait, and the attempt count is a local of the call instead of state smuggled into the SDK pipeline.
/// </remarks>
internal sealed class LlmRetryPolicy(LlmOptions options, TimeProvider time)
{
    public int MaxRetries => options.MaxRetries;

    internal static bool IsRetriableStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>Whether <paramref name="failure"/> (thrown by attempt number <paramref name="attempt"/>) is worth another attempt.</summary>
    /// <param name="callToken">The call's own token: once it is cancelled (caller or deadline) nothing is retried.</param>
    public bool ShouldRetry(Exception failure, int attempt, CancellationToken callToken)
    {
        if (attempt > options.MaxRetries || callToken.IsCancellationRequested)
        {
            return false;
        }

        Exception root = Unwrap(failure);
        return root switch
        {
            // 401/403 (and every other 4xx but 408/429) fail fast: retrying cannot fix a bad key or request.
            ClientResultException { Status: > 0 } e => IsRetriableStatus(e.Status),
            ClientResultException e => e.InnerException is IOException or HttpRequestException,

            // Connection failures, and per-attempt network timeouts (the call's token is not cancelled: checked above).
            _ => root is IOException or HttpRequestException or OperationCanceledException or TimeoutException
                || root.InnerException is IOException or HttpRequestException,
        };
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after <paramref name="failure"/>.</summary>
    public TimeSpan NextDelay(Exception failure, int attempt)
    {
        PipelineResponse? response = Unwrap(failure) is ClientResultException e ? e.GetRawResponse() : null;
        TimeSpan first = response?.Status == 429 ? options.RateLimitedRetryBaseDelay : options.RetryBaseDelay;
        double factor = Math.Pow(2, Math.Max(0, attempt - 1));
        double jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        TimeSpan backoff = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor * jitter, TimeSpan.MaxValue.Ticks / 2));
        if (response is not null && TryReadRetryAfter(response, time, out TimeSpan retryAfter) && retryAfter > backoff)
        {
            backoff = retryAfter;
        }

        return backoff > options.MaxRetryDelay ? options.MaxRetryDelay : backoff;
    }

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

    // With its own retries off the SDK may still wrap the one failure ("Retry failed after 1 tries").
    private static Exception Unwrap(Exception failure) =>
        failure is AggregateException { InnerExceptions.Count: > 0 } aggregate ? Unwrap(aggregate.InnerExceptions[^1]) : failure;
}
