using System.Globalization;

namespace AndyAI.Abstractions;

/// <summary>
/// A duration as people read it, in replies, on the dashboard and in log lines: <c>350 ms</c>, <c>5 s</c>,
/// <c>10.5 s</c>, <c>15 min</c>, <c>4 min 5 s</c>, <c>1 h 30 min</c>, <c>2 d</c>, <c>2 d 4 h</c>: at most two units,
/// the smaller one left out when it is zero, cut (not rounded) to the shown precision. Machine formats (JSON, metrics,
/// ISO 8601) keep their own. Contract 1.7.
/// </summary>
public static class DurationText
{
    /// <summary>Formats <paramref name="duration"/>; a negative one gets a leading minus.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            // TimeSpan.MinValue has no positive counterpart: one tick less is as good for people.
            return "-" + Format(duration == TimeSpan.MinValue ? TimeSpan.MaxValue : duration.Negate());
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return duration == TimeSpan.Zero ? "0 s" : Invariant($"{(long)duration.TotalMilliseconds} ms");
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return Invariant($"{Math.Floor(duration.TotalSeconds * 10) / 10:0.#} s");
        }

        if (duration < TimeSpan.FromHours(1))
        {
            return Two(duration.Minutes, "min", duration.Seconds, "s");
        }

        return duration < TimeSpan.FromDays(1)
            ? Two(duration.Hours, "h", duration.Minutes, "min")
            : Two((long)duration.TotalDays, "d", duration.Hours, "h");
    }

    private static string Two(long large, string largeUnit, int small, string smallUnit) => small == 0
        ? Invariant($"{large} {largeUnit}")
        : Invariant($"{large} {largeUnit} {small} {smallUnit}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
