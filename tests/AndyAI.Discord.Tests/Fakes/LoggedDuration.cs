using System.Globalization;

namespace AndyAI.Discord.Tests.Fakes;

/// <summary>
/// Reads back a duration a log line wrote with <see cref="Abstractions.DurationText"/> ("350 ms", "1.2 s",
/// "4 min 5 s", "1 h 30 min", "2 d"), to the precision it shows.
/// </summary>
internal static class LoggedDuration
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(' ');
        if (parts.Length % 2 != 0) throw new FormatException($"not a logged duration: \"{text}\"");
        TimeSpan total = TimeSpan.Zero;
        for (int i = 0; i < parts.Length; i += 2)
        {
            double amount = double.Parse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            total += parts[i + 1] switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "min" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => throw new FormatException($"not a logged duration: \"{text}\""),
            };
        }

        return total;
    }
}
