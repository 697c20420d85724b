using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The cog's log lines. None carries prompt or answer text except <see cref="PromptContent"/> and
/// <see cref="AnswerContent"/>, which are only called when <c>logContent</c> is on.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(LogLevel.Information, "MessageHandler started: streaming {Streaming}, cache TTL {CacheTtl}, history {HistoryMessages} messages / {HistoryCharacters} characters, user limit {UserLimit}, guild limit {GuildLimit}")]
    public static partial void Started(ILogger logger, bool streaming, string cacheTtl, int historyMessages, int historyCharacters, string userLimit, string guildLimit);

    [LoggerMessage(LogLevel.Information, "MessageHandler stopped ({Cancelled} answer(s) still running at the stop deadline were cut; {Untold} of their users could not be told)")]
    public static partial void Stopped(ILogger logger, int cancelled, int untold);

    [LoggerMessage(LogLevel.Debug, "Ignored duplicate delivery of message {MessageId}")]
    public static partial void DuplicateIgnored(ILogger logger, ulong messageId);

    [LoggerMessage(LogLevel.Debug, "Message {MessageId} from {UserId} in {ChannelId}: prompt of {PromptLength} characters, {Turns} turns")]
    public static partial void Accepted(ILogger logger, ulong messageId, ulong userId, ulong channelId, int promptLength, int turns);

    [LoggerMessage(LogLevel.Debug, "Prompt of message {MessageId}: {Prompt}")]
    public static partial void PromptContent(ILogger logger, ulong messageId, string prompt);

    [LoggerMessage(LogLevel.Debug, "Answer to message {MessageId}: {Answer}")]
    public static partial void AnswerContent(ILogger logger, ulong messageId, string answer);

    [LoggerMessage(LogLevel.Information, "Refused message {MessageId} from {UserId}: prompt of {PromptLength} characters exceeds {Limit}")]
    public static partial void PromptTooLong(ILogger logger, ulong messageId, ulong userId, int promptLength, int limit);

    [LoggerMessage(LogLevel.Debug, "Rate limited message {MessageId} from {UserId} in guild {GuildId} ({Scope} bucket, retry after {RetryAfter}, notice sent: {NoticeSent})")]
    public static partial void RateLimited(ILogger logger, ulong messageId, ulong userId, ulong? guildId, string scope, TimeSpan retryAfter, bool noticeSent);

    [LoggerMessage(LogLevel.Information, "Answered message {MessageId} in {ChannelId}: {Characters} characters in {Messages} messages, cached {FromCache}, truncated {Truncated}, {Elapsed} ms")]
    public static partial void Answered(ILogger logger, ulong messageId, ulong channelId, int characters, int messages, bool fromCache, bool truncated, long elapsed);

    [LoggerMessage(LogLevel.Error, "The model did not answer message {MessageId}: {Outcome} after {Attempts} attempts ({Detail})")]
    public static partial void LlmFailed(ILogger logger, ulong messageId, Abstractions.Llm.LlmOutcome outcome, int attempts, string? detail);

    // A used-up quota is the quota working, not a fault: Information, so it never pages anyone.
    [LoggerMessage(LogLevel.Information, "Message {MessageId} from {UserId} not answered: the daily token quota is used up until {ResetsAt}")]
    public static partial void QuotaUsedUp(ILogger logger, ulong messageId, ulong userId, DateTimeOffset? resetsAt);

    [LoggerMessage(LogLevel.Information, "/ask for {UserId} ({Kind}) not answered: the daily token quota is used up until {ResetsAt}")]
    public static partial void AskQuotaUsedUp(ILogger logger, ulong userId, string kind, DateTimeOffset? resetsAt);

    [LoggerMessage(LogLevel.Warning, "The model returned an empty answer to message {MessageId}")]
    public static partial void EmptyAnswer(ILogger logger, ulong messageId);

    [LoggerMessage(LogLevel.Error, "Discord refused a request while answering message {MessageId} (HTTP {Status}, code {Code})")]
    public static partial void DiscordFailed(ILogger logger, Exception exception, ulong messageId, int status, int code);

    [LoggerMessage(LogLevel.Information, "The answer to message {MessageId} was deleted while it was being written; stopped")]
    public static partial void AnswerDeleted(ILogger logger, ulong messageId);

    [LoggerMessage(LogLevel.Error, "Could not send a notice for message {MessageId} (HTTP {Status}, code {Code})")]
    public static partial void NoticeFailed(ILogger logger, Exception exception, ulong messageId, int status, int code);

    [LoggerMessage(LogLevel.Error, "Unexpected failure while answering message {MessageId}")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception, ulong messageId);

    [LoggerMessage(LogLevel.Warning, "Could not fetch message {FetchedId} of the reply chain of {MessageId}; answering with less history")]
    public static partial void HistoryFetchFailed(ILogger logger, Exception exception, ulong fetchedId, ulong messageId);

    [LoggerMessage(LogLevel.Debug, "Answer to message {MessageId} cancelled: the cog is stopping")]
    public static partial void Cancelled(ILogger logger, ulong messageId);

    [LoggerMessage(LogLevel.Warning, "Answer to message {MessageId} was cut by the cog's stop deadline; the user was told (partial answer marked: {Partial})")]
    public static partial void CutByStop(ILogger logger, ulong messageId, bool partial);

    [LoggerMessage(LogLevel.Warning, "Could not tell the user that the answer to message {MessageId} was cut")]
    public static partial void CutNoticeFailed(ILogger logger, Exception exception, ulong messageId);

    [LoggerMessage(LogLevel.Debug, "/ask from {UserId} in {ChannelId} ({Kind}): prompt of {PromptLength} characters")]
    public static partial void AskAccepted(ILogger logger, ulong userId, ulong? channelId, string kind, int promptLength);

    [LoggerMessage(LogLevel.Information, "/ask answered for {UserId} in {ChannelId} ({Kind}): {AnswerLength} characters in {Messages} messages, cached {FromCache}, truncated {Truncated}, stopped {Stopped}, {ElapsedMs} ms")]
    public static partial void AskAnswered(ILogger logger, ulong userId, ulong? channelId, string kind, int answerLength, int messages, bool fromCache, bool truncated, bool stopped, long elapsedMs);

    [LoggerMessage(LogLevel.Warning, "/ask for {UserId} ({Kind}) got no answer from the model: {Outcome} after {Attempts} attempts ({Detail})")]
    public static partial void AskLlmFailed(ILogger logger, ulong userId, string kind, Abstractions.Llm.LlmOutcome outcome, int attempts, string? detail);

    [LoggerMessage(LogLevel.Debug, "/ask prompt of {UserId}: {Prompt}")]
    public static partial void AskPromptContent(ILogger logger, ulong userId, string prompt);

    [LoggerMessage(LogLevel.Error, "Discord refused a request while answering /ask for {UserId} ({Kind}) (HTTP {Status}, code {Code})")]
    public static partial void AskDiscordFailed(ILogger logger, Exception exception, ulong userId, string kind, int status, int code);

    [LoggerMessage(LogLevel.Warning, "Could not tell {UserId} that their /ask answer was cut by the cog's stop")]
    public static partial void AskCutNoticeFailed(ILogger logger, Exception exception, ulong userId);
    [LoggerMessage(LogLevel.Warning, "Conversation memory failed for message {MessageId}; answering without it")]
    public static partial void MemoryFindFailed(ILogger logger, Exception exception, ulong messageId);

    [LoggerMessage(LogLevel.Warning, "Could not record the answer to message {MessageId} in conversation memory")]
    public static partial void MemoryAppendFailed(ILogger logger, Exception exception, ulong messageId);

    [LoggerMessage(LogLevel.Information, "User {UserId} had their conversation forgotten (channel {ChannelId}, or everywhere when empty): {Turns} turn(s) deleted")]
    public static partial void Forgot(ILogger logger, ulong userId, ulong? channelId, int turns);

    [LoggerMessage(LogLevel.Warning, "Could not forget user {UserId}'s conversation: the database is unavailable")]
    public static partial void ForgetFailed(ILogger logger, Exception exception, ulong userId);

    [LoggerMessage(LogLevel.Information, "User {UserId} exported their data ({Turns} turn(s))")]
    public static partial void MyDataExported(ILogger logger, ulong userId, int turns);

    [LoggerMessage(LogLevel.Information, "User {UserId} deleted their data ({Turns} turn(s))")]
    public static partial void MyDataDeleted(ILogger logger, ulong userId, int turns);

    [LoggerMessage(LogLevel.Warning, "/mydata for user {UserId} failed: the database is unavailable")]
    public static partial void MyDataFailed(ILogger logger, Exception exception, ulong userId);

    [LoggerMessage(LogLevel.Warning, "An /ask answer's button state could not be stored (its buttons work until this instance stops)")]
    public static partial void AskStateNotStored(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "An /ask answer's button state could not be read; the button answers that it expired")]
    public static partial void AskStateNotRead(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Conversation memory failed for /ask of {UserId}; answering without it")]
    public static partial void AskMemoryFailed(ILogger logger, Exception exception, ulong userId);

    [LoggerMessage(LogLevel.Warning, "Could not read the settings of user {UserId}; answering with the defaults")]
    public static partial void SettingsFailed(ILogger logger, Exception exception, ulong userId);

    [LoggerMessage(LogLevel.Information, "Message {MessageId}: user {UserId} has none of the roles that may use the AI in guild {GuildId}")]
    public static partial void NoAccess(ILogger logger, ulong messageId, ulong userId, ulong? guildId);
}
