using System.Globalization;
using System.Text.RegularExpressions;

namespace AndyAI.Samples.Reminders;

/// <summary>Reads "in how long" the way people type it: <c>90s</c>, <c>10m</c>, <c>1h30m</c>, <c>2d</c>, <c>1w</c>.</summary>
internal static partial class ReminderDelay
{
    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    public const string Examples = "`90s`, `10m`, `1h30m`, `2d` or `1w`";

    /// <summary>The delay, or why <paramref name="text"/> is not one (a sentence for the user).</summary>
    public static bool TryParse(string? text, out TimeSpan delay, out string problem)
    {
        delay = TimeSpan.Zero;
        string compact = (text ?? "").Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        if (compact.Length is 0 or > 32 || !Whole().IsMatch(compact))
        {
            problem = $"I could not read `{Shorten(text)}` as a delay: write it like {Examples}.";
            return false;
        }

        foreach (Match part in Part().Matches(compact))
        {
            if (!long.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long amount) || amount > 1_000_000)
            {
                problem = $"`{Shorten(text)}` is too long a delay: at most {Longest.TotalDays:0} days.";
                return false;
            }

            delay += part.Groups[2].Value[0] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
        }

        problem = delay < Shortest ? $"That is too soon: at least {Shortest.TotalSeconds:0} seconds."
            : delay > Longest ? $"That is too far away: at most {Longest.TotalDays:0} days."
            : "";
        return problem.Length == 0;
    }

    private static string Shorten(string? text) => text is { Length: > 32 } ? text[..32] + "…" : text ?? "";

    [GeneratedRegex(@"^(\d+[smhdw])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+)([smhdw])", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
