using System.Globalization;
using System.Text;
using AndyAI.Host.Cogs.Jobs;
using AndyAI.Host.Cogs.Supervision;

namespace AndyAI.Host.Admin;

/// <summary>The one-line-per-cog replies of the admin commands (<c>MessageHandler: reloaded in 84 ms</c>).</summary>
internal static class AdminReplies
{
    /// <summary>What the admin asked for; the same outcome reads differently after a reload than after a load.</summary>
    public enum Operation
    {
        Load,
        Unload,
        Reload,
    }

    public static string Format(IEnumerable<CogOutcome> outcomes, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var text = new StringBuilder();
        foreach (CogOutcome outcome in outcomes)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(Format(outcome, operation));
        }

        return text.Length == 0 ? "No cogs." : text.ToString();
    }

    public static string Format(CogOutcome outcome, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        string ms = Milliseconds(outcome.Elapsed);
        string detail = OneLine(outcome.Detail);
        return outcome.Kind switch
        {
            CogOutcomeKind.Reloaded => $"{outcome.Cog}: reloaded in {ms} ms{Note(outcome.Detail)}",
            CogOutcomeKind.Loaded => $"{outcome.Cog}: loaded in {ms} ms",
            CogOutcomeKind.Unloaded => $"{outcome.Cog}: unloaded in {ms} ms{Note(outcome.Detail)}",
            CogOutcomeKind.Unchanged => operation switch
            {
                Operation.Reload => $"{outcome.Cog}: unchanged (same build and settings)",
                Operation.Unload => $"{outcome.Cog}: not running; nothing to unload",
                _ => $"{outcome.Cog}: already loaded",
            },
            CogOutcomeKind.Disabled => $"{outcome.Cog}: disabled in plugins.json; not loaded",
            CogOutcomeKind.Failed => $"{outcome.Cog}: failed ({detail})",
            CogOutcomeKind.Leaked when operation == Operation.Reload && outcome.Version is not null =>
                $"{outcome.Cog}: reloaded in {ms} ms, but the old version is still referenced (leaked) — restart advised",
            CogOutcomeKind.Leaked => $"{outcome.Cog}: unloaded, but its code is still referenced (leaked) — restart advised",
            _ => $"{outcome.Cog}: {outcome.Kind}",
        };
    }

    /// <summary>The <c>!cogs</c> listing: name, version, state, loaded-at, handler error count, scheduled jobs, last errors.</summary>
    /// <param name="cogs">The supervisor's list.</param>
    /// <param name="pluginsDirectory">Where the cogs are looked for (plugins.json's <c>pluginsDirectory</c>), named when there are none.</param>
    public static string FormatCogs(IReadOnlyList<CogStatus> cogs, string pluginsDirectory)
    {
        ArgumentNullException.ThrowIfNull(cogs);
        if (cogs.Count == 0)
        {
            return $"No cogs found in {pluginsDirectory}.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{cogs.Count} cog{(cogs.Count == 1 ? "" : "s")}:");
        foreach (CogStatus cog in cogs)
        {
            text.Append('\n').Append(cog.Name);
            if (cog.Version is not null)
            {
                text.Append(' ').Append(cog.Version);
            }

            text.Append(": ").Append(State(cog.State));
            if (cog.LoadedAt is { } loadedAt)
            {
                text.Append(CultureInfo.InvariantCulture, $", loaded {loadedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
            }

            text.Append(CultureInfo.InvariantCulture, $", {cog.HandlerErrorCount} handler error{(cog.HandlerErrorCount == 1 ? "" : "s")}");
            if (cog.LastHandlerError is not null)
            {
                text.Append(" (last: ").Append(OneLine(cog.LastHandlerError)).Append(')');
            }

            if (cog.Jobs is { Count: > 0 } jobs)
            {
                text.Append(", jobs: ").Append(string.Join("; ", jobs.Select(FormatJob)));
            }

            if (cog.Manifest is { } manifest)
            {
                if (manifest.Description is { } description) text.Append(" — ").Append(OneLine(description));
                if (manifest.Author is { } author) text.Append(" (by ").Append(OneLine(author)).Append(')');
                if (manifest.HomePage is { } homePage) text.Append(" <").Append(OneLine(homePage)).Append('>');
                text.Append(", contract ").Append(manifest.ContractVersion);
            }

            if (cog.HttpRoutes is { Count: > 0 } routes)
            {
                text.Append(", HTTP: ").Append(string.Join(", ", routes));
            }

            if (cog.Retiring > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $", {cog.Retiring} retired instance{(cog.Retiring == 1 ? "" : "s")} still finishing {(cog.Retiring == 1 ? "its" : "their")} work");
            }

            if (cog.LastError is not null)
            {
                text.Append(", last error: ").Append(OneLine(cog.LastError));
            }
        }

        return text.ToString();
    }

    /// <summary>"digest (cron 0 9 * * * (UTC), next 2026-12-08 09:00:00 UTC, last 2026-12-07 09:00:00 UTC: ok)".</summary>
    public static string FormatJob(JobStatus job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var text = new StringBuilder(job.Name).Append(" (").Append(job.Schedule);
        if (!job.ClusterWide)
        {
            text.Append(", every process");
        }

        text.Append(", next ").Append(job.NextRun is { } next ? Utc(next) : "none");
        if (job.LastRun is { } last)
        {
            text.Append(", last ").Append(Utc(last)).Append(": ").Append(job.LastResult);
        }

        return text.Append(')').ToString();
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static string State(CogState state) => state switch
    {
        CogState.Running => "running",
        CogState.Failed => "failed",
        CogState.Disabled => "disabled",
        CogState.Unloaded => "unloaded",
        CogState.Leaked => "leaked (restart advised)",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string Note(string? detail) => string.IsNullOrWhiteSpace(detail) ? "" : $" ({OneLine(detail)})";

    private static string Milliseconds(TimeSpan elapsed) =>
        Math.Round(elapsed.TotalMilliseconds, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);

    // Replies are one line per cog: an exception message with newlines (or a huge one) must not break the layout.
    private static string OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "no details";
        }

        string line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
