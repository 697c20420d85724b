using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Services.Llm;

/// <summary>Turns whatever the SDK threw into the typed outcome a cog can render.</summary>
internal static class LlmErrorMapper
{
    public static LlmResult Map(Exception exception, int attempts, TimeProvider time, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested && exception is OperationCanceledException or AggregateException)
        {
            return Result(LlmOutcome.Cancelled, attempts, "Cancelled by the caller.");
        }

        // "Retry failed after N tries": every attempt threw; the last one says how it ended.
        if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
        {
            return Map(aggregate.InnerExceptions[^1], attempts, time, callerToken);
        }

        string detail = $"{exception.GetType().Name}: {OneLine(exception.Message)}";
        switch (exception)
        {
            case ClientResultException { Status: 401 or 403 } e:
                return Result(LlmOutcome.Unauthorized, attempts, $"HTTP {e.Status}: the provider refused the API key. {detail}");
            case ClientResultException { Status: 429 } e:
                TimeSpan? retryAfter = e.GetRawResponse() is PipelineResponse response && LlmRetryPolicy.TryReadRetryAfter(response, time, out TimeSpan wait) ? wait : null;
                return Result(LlmOutcome.RateLimited, attempts, $"HTTP 429 after {attempts} attempt(s). {detail}") with { RetryAfter = retryAfter };
            case ClientResultException { Status: 408 } e:
                return Result(LlmOutcome.Timeout, attempts, $"HTTP {e.Status}. {detail}");
            case ClientResultException { Status: >= 500 } e:
                return Result(LlmOutcome.Unavailable, attempts, $"HTTP {e.Status} after {attempts} attempt(s). {detail}");
            case ClientResultException { Status: >= 400 } e:
                return Result(LlmOutcome.BadRequest, attempts, $"HTTP {e.Status}: the provider rejected the request (model name, base URL?). {detail}");
            case ClientResultException e when e.InnerException is { } inner:
                return Map(inner, attempts, time, callerToken);
            case OperationCanceledException or TimeoutException:
                return Result(LlmOutcome.Timeout, attempts, $"No answer within the timeout after {attempts} attempt(s). {detail}");
            case JsonException or FormatException or InvalidOperationException:
                return Result(LlmOutcome.Unavailable, attempts, $"The provider's response was malformed or cut. {detail}");
            default:
                return Result(LlmOutcome.Unavailable, attempts, $"The provider could not be reached or failed after {attempts} attempt(s). {detail}");
        }
    }

    /// <summary>At most this much of a provider's error text goes into the detail (and so the log).</summary>
    internal const int MaxMessageLength = 300;

    /// <summary>
    /// The provider's error text as one line, cut at <see cref="MaxMessageLength"/>: it is the provider's, and some
    /// echo the request (the user's prompt) or carry newlines that would forge log lines.
    /// </summary>
    internal static string OneLine(string message)
    {
        string line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "…";
    }

    public static LlmResult Result(LlmOutcome outcome, int attempts, string detail) => new() { Outcome = outcome, Attempts = attempts, Detail = detail };
}
