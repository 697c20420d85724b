using System.Globalization;
using System.Text.RegularExpressions;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// Renders the markup that Discord's client shows differently from its text, so the sandbox reads like the client:
/// mentions (<c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c>, <c>&lt;#id&gt;</c>, <c>&lt;@&amp;id&gt;</c>) as <c>@name</c> and
/// <c>#name</c>, and timestamps (<c>&lt;t:unix:style&gt;</c>) in the reader's time zone. Markdown stays as written.
/// </summary>
internal static partial class DiscordMarkup
{
    /// <param name="content">A message's text.</param>
    /// <param name="names">The name of a user, channel or role by id; null when unknown.</param>
    /// <param name="now">The reader's clock, for relative timestamps.</param>
    /// <param name="zone">The reader's time zone.</param>
    public static string Render(string content, Func<ulong, string?> names, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(zone);
        if (!content.Contains('<', StringComparison.Ordinal))
        {
            return content;
        }

        return Markup().Replace(content, match =>
        {
            if (match.Groups["unix"].Success)
            {
                return long.TryParse(match.Groups["unix"].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long unix)
                    && unix is >= -62135596800 and <= 253402300799
                    ? Timestamp(DateTimeOffset.FromUnixTimeSeconds(unix), match.Groups["style"].Success ? match.Groups["style"].Value[0] : 'f', now, zone)
                    : match.Value;
            }

            if (!ulong.TryParse(match.Groups["id"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id))
            {
                return match.Value;
            }

            string kind = match.Groups["kind"].Value;
            string? name = names(id);
            return kind switch
            {
                "#" => "#" + (name ?? "unknown"),
                "@&" => "@" + (name ?? "unknown-role"),
                _ => "@" + (name ?? "unknown-user"),
            };
        });
    }

    /// <summary>A timestamp in one of Discord's styles (t, T, d, D, f, F, R), as the client shows it in 24-hour English.</summary>
    internal static string Timestamp(DateTimeOffset at, char style, DateTimeOffset now, TimeZoneInfo zone)
    {
        DateTimeOffset local = TimeZoneInfo.ConvertTime(at, zone);
        CultureInfo english = CultureInfo.InvariantCulture;
        return style switch
        {
            't' => local.ToString("HH:mm", english),
            'T' => local.ToString("HH:mm:ss", english),
            'd' => local.ToString("dd/MM/yyyy", english),
            'D' => local.ToString("d MMMM yyyy", english),
            'F' => local.ToString("dddd, d MMMM yyyy HH:mm", english),
            'R' => Relative(at - now),
            _ => local.ToString("d MMMM yyyy HH:mm", english),
        };
    }

    private static string Relative(TimeSpan offset)
    {
        TimeSpan span = offset.Duration();
        (double amount, string unit) = span.TotalSeconds < 60 ? (span.TotalSeconds, "second")
            : span.TotalMinutes < 60 ? (span.TotalMinutes, "minute")
            : span.TotalHours < 24 ? (span.TotalHours, "hour")
            : span.TotalDays < 30 ? (span.TotalDays, "day")
            : span.TotalDays < 365 ? (span.TotalDays / 30, "month")
            : (span.TotalDays / 365, "year");
        long n = Math.Max(1, (long)Math.Round(amount, MidpointRounding.AwayFromZero));
        string text = string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
        return offset >= TimeSpan.Zero ? "in " + text : text + " ago";
    }

    [GeneratedRegex(@"<(?:t:(?<unix>-?\d{1,13})(?::(?<style>[tTdDfFR]))?|(?<kind>@!|@&|@|#)(?<id>\d{1,20}))>", RegexOptions.CultureInvariant)]
    private static partial Regex Markup();
}
