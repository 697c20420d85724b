using Microsoft.Extensions.Logging;

namespace AndyAI.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(LogLevel.Information, "Storage: {Database}, schema version {Version}")]
    public static partial void Opened(ILogger logger, string database, int version);

    [LoggerMessage(LogLevel.Information, "Storage: applied migration {Version} ({Name}) to {Database}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name, string database);

    [LoggerMessage(LogLevel.Warning, "Storage: {Database} is unavailable ({Error}); the bot answers without memory until it is back (checked every {ProbeInterval})")]
    public static partial void Unavailable(ILogger logger, string database, string error, string probeInterval);

    [LoggerMessage(LogLevel.Information, "Storage: {Database} is back; {Written} turn(s) held during the outage were stored")]
    public static partial void Recovered(ILogger logger, string database, int written);

    [LoggerMessage(LogLevel.Warning, "Storage: the outage backlog is full ({Capacity} turns); the oldest are dropped")]
    public static partial void BacklogFull(ILogger logger, int capacity);

    [LoggerMessage(LogLevel.Error, "Storage: a held turn could not be stored and was dropped")]
    public static partial void BacklogTurnDropped(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Debug, "Storage: {Operation} failed ({Error}); retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, string error, int attempt, string delay);

    [LoggerMessage(LogLevel.Information, "Storage: purged {Turns} turn(s) older than {Retention} and {Values} expired cog value(s)")]
    public static partial void Purged(ILogger logger, int turns, string retention, int values);

    [LoggerMessage(LogLevel.Warning, "Storage: the purge failed; it runs again in {Interval}")]
    public static partial void PurgeFailed(ILogger logger, Exception exception, string interval);

    [LoggerMessage(LogLevel.Error, "Storage: {Operation} failed")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(LogLevel.Critical, "Storage: {Problem}")]
    public static partial void Refused(ILogger logger, string problem);
}
