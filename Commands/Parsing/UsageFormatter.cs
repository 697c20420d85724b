using System.Globalization;
using System.Text;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;

namespace AndyAI.Commands.Parsing;

/// <summary>
/// Builds usage lines from metadata: <c>!remind &lt;minutes:integer&gt; [text...]</c>. Required arguments are in angle
/// brackets, optional ones in square brackets; the type follows a colon unless it is plain text; <c>...</c> marks
/// the rest of the line.
/// </summary>
internal static class UsageFormatter
{
    public static string Format(string prefix, string name, IReadOnlyList<CommandParameter> parameters)
    {
        var builder = new StringBuilder(prefix).Append(name);
        foreach (CommandParameter parameter in parameters)
        {
            builder.Append(' ').Append(parameter.IsOptional ? '[' : '<').Append(parameter.Name);
            string? hint = TypeHint(parameter.Type);
            if (hint is not null)
            {
                builder.Append(hint);
            }

            builder.Append(parameter.IsOptional ? ']' : '>');
        }

        return builder.ToString();
    }

    /// <summary>A longer description of the type for <c>!help &lt;command&gt;</c>.</summary>
    public static string DescribeType(CommandParameterType type) => type switch
    {
        CommandParameterType.String => "a word or \"quoted text\"",
        CommandParameterType.Integer => "a whole number",
        CommandParameterType.Number => "a number",
        CommandParameterType.Boolean => "yes/no",
        CommandParameterType.User => "a user mention or id",
        CommandParameterType.Channel => "a channel mention or id",
        CommandParameterType.Remainder => "the rest of the line",
        _ => type.ToString(),
    };

    /// <summary>A default value as users write it.</summary>
    public static string FormatValue(object value) => value switch
    {
        bool flag => flag ? "yes" : "no",
        string text => "\"" + text + "\"",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A wait for messages ("try again in …", "took longer than …"): <c>45 s</c>, <c>2 min 5 s</c>, <c>3 h 20 min</c>,
    /// <c>2 d 4 h</c>, as <see cref="DurationText"/> writes it, rounded up to a whole second so "try again" is never too early.
    /// </summary>
    public static string FormatDuration(TimeSpan duration) =>
        DurationText.Format(TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(Math.Min(duration.TotalSeconds, TimeSpan.MaxValue.TotalSeconds - 1)))));

    private static string? TypeHint(CommandParameterType type) => type switch
    {
        CommandParameterType.Integer => ":integer",
        CommandParameterType.Number => ":number",
        CommandParameterType.Boolean => ":yes/no",
        CommandParameterType.User => ":@user",
        CommandParameterType.Channel => ":#channel",
        CommandParameterType.Remainder => "...",
        _ => null,
    };
}
