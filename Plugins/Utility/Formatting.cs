using System.Globalization;

namespace AndyAI.Cogs.Utility;

/// <summary>How durations, counts and sizes read in replies.</summary>
internal static class Formatting
{
    /// <summary><c>45 s</c>, <c>2 min 5 s</c>, <c>3 h 20 min</c>, <c>2 d 4 h</c>.</summary>
    public static string Duration(TimeSpan duration) => duration switch
    {
        _ when duration < TimeSpan.FromMinutes(1) => Invariant($"{Math.Max(0, (int)duration.TotalSeconds)} s"),
        _ when duration < TimeSpan.FromHours(1) => Invariant($"{duration.Minutes} min {duration.Seconds} s"),
        _ when duration < TimeSpan.FromDays(1) => Invariant($"{(int)duration.TotalHours} h {duration.Minutes} min"),
        _ => Invariant($"{(int)duration.TotalDays} d {duration.Hours} h"),
    };

    /// <summary><c>812 ms</c>, <c>2.4 s</c>.</summary>
    public static string Latency(TimeSpan latency) => latency < TimeSpan.FromSeconds(1)
        ? Invariant($"{Math.Round(latency.TotalMilliseconds)} ms")
        : Invariant($"{latency.TotalSeconds:0.0} s");

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><c>1 call</c>, <c>1,204 calls</c>.</summary>
    public static string Count(long value, string one, string many) => $"{Count(value)} {(value == 1 ? one : many)}";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => Invariant($"{bytes} B"),
        < 1024 * 1024 => Invariant($"{bytes / 1024.0:0.0} KiB"),
        _ => Invariant($"{bytes / (1024.0 * 1024):0.0} MiB"),
    };

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
