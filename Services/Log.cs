using AndyAI.Abstractions.Llm;
using Microsoft.Extensions.Logging;

namespace AndyAI.Services;

internal static partial class Log
{
    [LoggerMessage(LogLevel.Warning, "LLM request for model {Model} ended {Outcome} after {Attempts} attempt(s): {Detail}")]
    public static partial void LlmFailed(ILogger logger, string model, LlmOutcome outcome, int attempts, string? detail);

    [LoggerMessage(LogLevel.Debug, "LLM request for model {Model} answered in {Attempts} attempt(s), {InputTokens}+{OutputTokens} tokens")]
    public static partial void LlmAnswered(ILogger logger, string model, int attempts, int inputTokens, int outputTokens);

    [LoggerMessage(LogLevel.Warning, "Model {Model} failed ({Outcome}) after its retries; asking the fallback model {Fallback}")]
    public static partial void FallingBack(ILogger logger, string model, LlmOutcome outcome, string fallback);

    [LoggerMessage(LogLevel.Warning, "Could not check the daily token quota ({ExceptionType}: {Message}); answering without it")]
    public static partial void QuotaCheckFailed(ILogger logger, string exceptionType, string message);

    [LoggerMessage(LogLevel.Information, "LLM provider: {Description}")]
    public static partial void LlmProvider(ILogger logger, string description);

    [LoggerMessage(LogLevel.Information, "Purged the response cache partition of cog {Cog}; disposed {Limiters} rate limiter(s)")]
    public static partial void CogServicesDisposed(ILogger logger, string cog, int limiters);
}
