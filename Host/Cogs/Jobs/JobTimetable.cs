using AndyAI.Abstractions.Jobs;
using Cronos;

namespace AndyAI.Host.Cogs.Jobs;

/// <summary>
/// A <see cref="JobSchedule"/> checked and ready to answer "when is the next tick": intervals count from the Unix
/// epoch (every process of a cluster computes the same ticks), cron expressions go through Cronos in their zone.
/// </summary>
/// <remarks>Compiled into the test kit too (AndyAI.Testing), so its fake registry refuses what the host refuses.</remarks>
internal sealed class JobTimetable
{
    private readonly long _intervalTicks;
    private readonly CronExpression? _cron;
    private readonly TimeZoneInfo _zone;

    private JobTimetable(long intervalTicks, CronExpression? cron, TimeZoneInfo zone)
    {
        _intervalTicks = intervalTicks;
        _cron = cron;
        _zone = zone;
    }

    /// <summary>Checks <paramref name="schedule"/> as the host does when a job is added.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="now">The registry's clock: a cron expression must have a tick after it.</param>
    /// <exception cref="ArgumentException">The cron expression does not parse, or it never comes round (30 February).</exception>
    public static JobTimetable Create(JobSchedule schedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        JobTimetable timetable;
        if (schedule.Interval is { } interval)
        {
            timetable = new JobTimetable(interval.Ticks, null, TimeZoneInfo.Utc);
        }
        else
        {
            string expression = schedule.CronExpression!;
            // Six fields put seconds first; five (or a macro such as @daily) are minute-precise.
            CronFormat format = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            CronExpression cron;
            try
            {
                cron = CronExpression.Parse(expression, format);
            }
            catch (CronFormatException ex)
            {
                throw new ArgumentException($"The cron expression '{expression}' does not parse: {ex.Message} Use five fields (minute hour day-of-month month day-of-week), six with seconds first, or a macro such as @daily.", nameof(schedule), ex);
            }

            timetable = new JobTimetable(0, cron, schedule.TimeZone);
        }

        if (timetable.NextAfter(now) is null)
        {
            throw new ArgumentException($"The cron expression '{schedule.CronExpression}' never comes round.", nameof(schedule));
        }

        return timetable;
    }

    /// <summary>The first tick strictly after <paramref name="time"/>, or <see langword="null"/> when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset time)
    {
        if (_cron is null)
        {
            long sinceEpoch = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            long next = (Math.DivRem(sinceEpoch, _intervalTicks, out long remainder) + (remainder < 0 ? 0 : 1)) * _intervalTicks;
            return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + next, TimeSpan.Zero);
        }

        return _cron.GetNextOccurrence(time, _zone);
    }
}
