namespace AndyAI.Abstractions.Jobs;

/// <summary>When a scheduled job runs (contract 1.6): a fixed interval or a cron expression.</summary>
public sealed class JobSchedule
{
    /// <summary>The shortest interval: 1 second.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest interval: 366 days (use a cron expression for a yearly job).</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(366);

    private JobSchedule(TimeSpan? interval, string? cronExpression, TimeZoneInfo timeZone)
    {
        Interval = interval;
        CronExpression = cronExpression;
        TimeZone = timeZone;
    }

    /// <summary>The interval, for <see cref="Every"/>; otherwise <see langword="null"/>.</summary>
    public TimeSpan? Interval { get; }

    /// <summary>The cron expression, for <see cref="Cron"/>; otherwise <see langword="null"/>.</summary>
    public string? CronExpression { get; }

    /// <summary>The time zone a cron expression is read in; UTC unless given.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>
    /// Every <paramref name="interval"/>, at whole multiples of it since 1970-01-01 00:00 UTC (every 5 minutes runs at
    /// :00, :05, …), so every process of a cluster agrees on the ticks. The first run is at the first such tick after
    /// the cog goes live.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Shorter than <see cref="MinimumInterval"/> or longer than <see cref="MaximumInterval"/>.</exception>
    public static JobSchedule Every(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, MinimumInterval);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, MaximumInterval);
        return new JobSchedule(interval, null, TimeZoneInfo.Utc);
    }

    /// <summary>
    /// At the times a cron expression names: five fields (minute hour day-of-month month day-of-week, e.g.
    /// <c>0 9 * * MON-FRI</c>), six with seconds first (<c>*/30 * * * * *</c>), or a macro (<c>@daily</c>, <c>@hourly</c>).
    /// The host checks the expression when the job is added.
    /// </summary>
    /// <param name="expression">The expression.</param>
    /// <param name="timeZone">The zone its times are in (daylight saving handled: a skipped hour runs once at its end, a repeated one once); UTC when omitted.</param>
    /// <exception cref="ArgumentException">An empty expression.</exception>
    public static JobSchedule Cron(string expression, TimeZoneInfo? timeZone = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        return new JobSchedule(null, expression.Trim(), timeZone ?? TimeZoneInfo.Utc);
    }

    /// <summary>"every 5 min", "every 1 h 30 min" (<see cref="DurationText.Format"/>) or "cron 0 9 * * * (UTC)".</summary>
    public override string ToString() => Interval is { } interval
        ? "every " + DurationText.Format(interval)
        : $"cron {CronExpression} ({TimeZone.Id})";
}
