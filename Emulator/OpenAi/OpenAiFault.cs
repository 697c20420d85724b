namespace AndyAI.Emulator.OpenAi;

/// <summary>A failure the fake injects into the next requests.</summary>
public sealed record OpenAiFault
{
    private OpenAiFault(OpenAiFaultKind kind, int statusCode, TimeSpan? retryAfter)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The kind of failure.</summary>
    public OpenAiFaultKind Kind { get; }

    /// <summary>The HTTP status for <see cref="OpenAiFaultKind.Status"/>.</summary>
    public int StatusCode { get; }

    /// <summary>The <c>Retry-After</c> header to send (whole seconds), if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>401 invalid API key.</summary>
    public static OpenAiFault Unauthorized { get; } = new(OpenAiFaultKind.Status, 401, null);

    /// <summary>403 forbidden.</summary>
    public static OpenAiFault Forbidden { get; } = new(OpenAiFaultKind.Status, 403, null);

    /// <summary>500 internal error.</summary>
    public static OpenAiFault InternalServerError { get; } = new(OpenAiFaultKind.Status, 500, null);

    /// <summary>503 overloaded.</summary>
    public static OpenAiFault ServiceUnavailable { get; } = new(OpenAiFaultKind.Status, 503, null);

    /// <summary>Never answers.</summary>
    public static OpenAiFault Hang { get; } = new(OpenAiFaultKind.Hang, 0, null);

    /// <summary>Cuts the connection after the first chunks of the answer.</summary>
    public static OpenAiFault CutStream { get; } = new(OpenAiFaultKind.CutStream, 0, null);

    /// <summary>429 rate limited, with a <c>Retry-After</c> header when <paramref name="retryAfter"/> is set.</summary>
    public static OpenAiFault TooManyRequests(TimeSpan? retryAfter = null) => new(OpenAiFaultKind.Status, 429, retryAfter);

    /// <summary>Any HTTP error status (400–599).</summary>
    public static OpenAiFault HttpStatus(int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new(OpenAiFaultKind.Status, statusCode, retryAfter);
    }
}
