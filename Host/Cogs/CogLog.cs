using AndyAI.Host.Cogs.Supervision;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs;

/// <summary>The cog area's log lines: loading, supervision, plugins.json, the drop-in watcher and each cog's context.</summary>
internal static partial class CogLog
{
    [LoggerMessage(LogLevel.Information, "Cog {Outcome}")]
    public static partial void Outcome(ILogger logger, CogOutcome outcome);

    [LoggerMessage(LogLevel.Warning, "Cog {Outcome}")]
    public static partial void OutcomeFailed(ILogger logger, CogOutcome outcome);

    [LoggerMessage(LogLevel.Error, "Cog {Outcome}. Something still references its code (a static event handler, an undisposed timer, a running task, a cached Type); restart the bot to free it")]
    public static partial void OutcomeLeaked(ILogger logger, CogOutcome outcome);

    [LoggerMessage(LogLevel.Error, "plugins.json rejected, the last good configuration stays in force: {Reason}")]
    public static partial void ConfigurationRejected(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "plugins.json applied from {Path}: {Changes} cog(s) affected")]
    public static partial void ConfigurationApplied(ILogger logger, string? path, int changes);

    [LoggerMessage(LogLevel.Information, "No plugins.json at {Path}: every cog in {PluginsDirectory} is enabled, drop-in watcher on")]
    public static partial void ConfigurationDefaults(ILogger logger, string path, string pluginsDirectory);

    [LoggerMessage(LogLevel.Warning, "pluginsDirectory/dataDirectory changed in plugins.json; the new folders are used after a restart")]
    public static partial void DirectoriesChangeNeedsRestart(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: {Method} threw: {Details}")]
    public static partial void CogCodeThrew(ILogger logger, string cog, string method, string details);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: {Problem}")]
    public static partial void TeardownProblem(ILogger logger, string cog, string problem);

    [LoggerMessage(LogLevel.Warning, "Trust policy \"any\": loading cogs that plugins.json does not list: {Cogs} (from {Directory}). A cog runs with the bot's full rights; list the ones you approved, or set \"trust\": \"listed\" with their SHA-256 (docs/plugins.md)")]
    public static partial void UnlistedCogs(ILogger logger, string cogs, string directory);

    [LoggerMessage(LogLevel.Information, "Cog {Cog} {Version} runs the package with SHA-256 {Sha256} (what plugins.json lists under \"trust\": \"listed\")")]
    public static partial void Build(ILogger logger, string cog, string version, string sha256);

    [LoggerMessage(LogLevel.Warning, "Ignored in the plugins folder: {Problem}")]
    public static partial void PackageNameRejected(ILogger logger, string problem);

    [LoggerMessage(LogLevel.Information, "Cog {Cog}: the retired instance {Version} finished its work and was unloaded after {ElapsedMs} ms ({Problems})")]
    public static partial void Retired(ILogger logger, string cog, string version, long elapsedMs, string problems);

    [LoggerMessage(LogLevel.Warning, "Shutdown: {Count} retired cog instances were still stopping when the deadline passed")]
    public static partial void RetiredStillStopping(ILogger logger, int count);

    [LoggerMessage(LogLevel.Debug, "Drop-in watcher: {Package} not ready yet ({Reason}); checking again later")]
    public static partial void NotReady(ILogger logger, string package, string reason);

    [LoggerMessage(LogLevel.Information, "Drop-in watcher on {Directory}")]
    public static partial void WatcherStarted(ILogger logger, string directory);

    [LoggerMessage(LogLevel.Warning, "Drop-in watcher: {Problem}; rescanning {Directory}")]
    public static partial void WatcherRescan(ILogger logger, string problem, string directory);

    [LoggerMessage(LogLevel.Error, "Drop-in watcher: handling {Package} failed")]
    public static partial void WatcherFailed(ILogger logger, Exception exception, string package);

    [LoggerMessage(LogLevel.Debug, "Could not delete the shadow copy {Directory}: {Reason}")]
    public static partial void ShadowCleanupFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(LogLevel.Error, "Cog {Cog}: a message handler threw; the cog keeps running")]
    public static partial void HandlerFailed(ILogger logger, string cog, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: stopping a typing indicator at unload failed")]
    public static partial void TypingDisposeFailed(ILogger logger, string cog, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: releasing its services at unload failed")]
    public static partial void ServicesDisposeFailed(ILogger logger, string cog, Exception exception);

    [LoggerMessage(LogLevel.Debug, "Cog {Cog}: live ({Registrations})")]
    public static partial void Activated(ILogger logger, string cog, string registrations);

    [LoggerMessage(LogLevel.Debug, "Cog {Cog}: context released ({Registrations} removed)")]
    public static partial void Released(ILogger logger, string cog, string registrations);

    [LoggerMessage(LogLevel.Error, "Cog {Cog}: scheduled job {Job} threw; it keeps its schedule")]
    public static partial void JobFailed(ILogger logger, string cog, string job, Exception exception);

    [LoggerMessage(LogLevel.Error, "Cog {Cog}: scheduled job {Job} threw again, {Failures} runs in a row (said at 2, 4, 8, … failures in a row; every one is counted)")]
    public static partial void JobStillFailing(ILogger logger, string cog, string job, int failures, Exception exception);

    [LoggerMessage(LogLevel.Information, "Cog {Cog}: scheduled job {Job} ran without an exception again, after {Failures} failed runs in a row")]
    public static partial void JobRecovered(ILogger logger, string cog, string job, int failures);

    [LoggerMessage(LogLevel.Information, "Cog {Cog}: scheduled job {Job} ran past {Skipped} of its ticks, which were skipped")]
    public static partial void JobOverran(ILogger logger, string cog, string job, int skipped);

    [LoggerMessage(LogLevel.Information, "Cog {Cog}: scheduled job {Job} ran past {Skipped} of its ticks, which were skipped; {Runs} runs in a row took longer than its period (logged at the 1st, 2nd, 4th, 8th… in a row; andyai_cogs_job_skipped_total counts every skipped tick)")]
    public static partial void JobStillOverrunning(ILogger logger, string cog, string job, int skipped, int runs);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: scheduled job {Job} is cluster-wide and Redis does not answer: its ticks are skipped until Redis is back (it never runs twice)")]
    public static partial void JobClusterUnavailable(ILogger logger, string cog, string job);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: scheduled job {Job} ignores its cancellation: its run still goes {Seconds} s after the job was stopped (unload, reload or removal). The host gives that run up{Lease}, so the job's next ticks run (in a new instance or another process) while it goes on; until it returns it keeps the cog's code loaded (restart the process to end it)")]
    public static partial void JobAbandoned(ILogger logger, string cog, string job, double seconds, string lease);

    [LoggerMessage(LogLevel.Information, "Cog {Cog}: scheduled job {Job}: the run given up for ignoring its cancellation ended after all ({Result})")]
    public static partial void JobAbandonedRunEnded(ILogger logger, string cog, string job, string result);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: scheduled job {Job}: releasing the Redis lease of its given-up run failed ({Error}); it lapses on its own")]
    public static partial void JobLeaseReleaseFailed(ILogger logger, string cog, string job, string error);

    [LoggerMessage(LogLevel.Error, "Cog {Cog}: the HTTP route {Route} threw; the caller got 500")]
    public static partial void HttpHandlerFailed(ILogger logger, string cog, string route, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: the HTTP route {Route} did not answer within {Timeout}; the caller got 504")]
    public static partial void HttpHandlerTimedOut(ILogger logger, string cog, string route, string timeout);

    [LoggerMessage(LogLevel.Error, "Cog {Cog}: the HTTP route {Route} threw {Count} more time(s) in the {Window} after the failure logged above; each caller got 500 (only the first failure of each window is logged in full)")]
    public static partial void HttpHandlerFailedRepeatedly(ILogger logger, string cog, string route, int count, string window);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: the HTTP route {Route} did not answer in time {Count} more time(s) in the {Window} after the timeout logged above; each caller got 504 (only the first of each window is logged in full)")]
    public static partial void HttpHandlerTimedOutRepeatedly(ILogger logger, string cog, string route, int count, string window);

    [LoggerMessage(LogLevel.Information, "Cog {Cog} registered {Count} HTTP route(s), but the HTTP listener is off (HTTP_ADDRESS): cog routes are not served. Said once")]
    public static partial void HttpRoutesNotServed(ILogger logger, string cog, int count);
}
