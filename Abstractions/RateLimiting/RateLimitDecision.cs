namespace AndyAI.Abstractions.RateLimiting;

/// <summary>Whether a request may go ahead, and if not, how long to wait.</summary>
/// <param name="IsAllowed">Whether the tokens were taken.</param>
/// <param name="RetryAfter">When denied, the time until enough tokens are back; zero when allowed.</param>
public readonly record struct RateLimitDecision(bool IsAllowed, TimeSpan RetryAfter)
{
    /// <summary>An allowed decision.</summary>
    public static RateLimitDecision Allowed => new(true, TimeSpan.Zero);
}
