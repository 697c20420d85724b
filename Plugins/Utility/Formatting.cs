using System.Globalization;

namespace AndyAI.Cogs.Utility;

/// <summary>How counts, sizes and times read in replies (durations: the contract's <c>DurationText</c>, as the host writes them).</summary>
internal static class Formatting
{
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
