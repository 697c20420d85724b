using System.Globalization;
using AndyAI.Abstractions.Commands;

namespace AndyAI.Commands.Parsing;

/// <summary>Turns argument text into typed values following a command's parameters.</summary>
internal static class ArgumentParser
{
    private const int MaxEchoLength = 40;

    /// <summary>
    /// Parses <paramref name="text"/> from <paramref name="start"/>. On failure <paramref name="error"/> is one sentence
    /// for the user (the caller appends the usage line).
    /// </summary>
    public static bool TryParse(IReadOnlyList<CommandParameter> parameters, string text, int start, out object?[] values, out string? error)
    {
        values = parameters.Count == 0 ? [] : new object?[parameters.Count];
        var tokenizer = new ArgumentTokenizer(text, start);
        for (int i = 0; i < parameters.Count; i++)
        {
            CommandParameter parameter = parameters[i];
            if (!tokenizer.HasMore())
            {
                if (!parameter.IsOptional)
                {
                    error = $"Missing <{parameter.Name}>.";
                    return false;
                }

                values[i] = parameter.DefaultValue;
                continue;
            }

            if (parameter.Type == CommandParameterType.Remainder)
            {
                values[i] = tokenizer.ReadRemainder();
                continue;
            }

            if (!tokenizer.TryReadToken(out string token))
            {
                error = $"The quote that starts <{parameter.Name}> is not closed.";
                return false;
            }

            if (!TryConvert(parameter.Type, token, out object? value))
            {
                error = $"`{Echo(token)}` is not {Describe(parameter.Type)} (for <{parameter.Name}>).";
                return false;
            }

            values[i] = value;
        }

        if (tokenizer.HasMore())
        {
            _ = tokenizer.TryReadToken(out string extra);
            error = extra.Length == 0 ? "Too many arguments." : $"Too many arguments: `{Echo(extra)}` was not expected.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Converts one token to the CLR type of <paramref name="type"/>.</summary>
    public static bool TryConvert(CommandParameterType type, string token, out object? value)
    {
        switch (type)
        {
            case CommandParameterType.String:
            case CommandParameterType.Remainder:
                value = token;
                return true;
            case CommandParameterType.Integer when long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer):
                value = integer;
                return true;
            case CommandParameterType.Number when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number):
                value = number;
                return true;
            case CommandParameterType.Boolean when TryParseBoolean(token, out bool flag):
                value = flag;
                return true;
            case CommandParameterType.User when TryParseSnowflake(token, "<@", allowBang: true, out ulong user):
                value = user;
                return true;
            case CommandParameterType.Channel when TryParseSnowflake(token, "<#", allowBang: false, out ulong channel):
                value = channel;
                return true;
            default:
                value = null;
                return false;
        }
    }

    /// <summary>How an argument of this type is described in an error: "`x` is not …".</summary>
    public static string Describe(CommandParameterType type) => type switch
    {
        CommandParameterType.Integer => "a whole number",
        CommandParameterType.Number => "a number",
        CommandParameterType.Boolean => "yes/no (true/false, on/off, 1/0)",
        CommandParameterType.User => "a user mention or id",
        CommandParameterType.Channel => "a channel mention or id",
        _ => "text",
    };

    private static bool TryParseBoolean(string token, out bool value)
    {
        switch (token.ToUpperInvariant())
        {
            case "TRUE" or "YES" or "ON" or "1" or "Y":
                value = true;
                return true;
            case "FALSE" or "NO" or "OFF" or "0" or "N":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool TryParseSnowflake(string token, string mentionStart, bool allowBang, out ulong id)
    {
        ReadOnlySpan<char> digits = token;
        if (digits.StartsWith(mentionStart, StringComparison.Ordinal) && digits.EndsWith(">", StringComparison.Ordinal))
        {
            digits = digits[mentionStart.Length..^1];
            if (allowBang && digits.StartsWith("!", StringComparison.Ordinal))
            {
                digits = digits[1..];
            }
        }

        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id != 0;
    }

    /// <summary>User text shown back inside backticks: short, and unable to break out of the code span.</summary>
    private static string Echo(string token)
    {
        string shown = token.Length > MaxEchoLength ? string.Concat(token.AsSpan(0, MaxEchoLength), "…") : token;
        return shown.Replace('`', '\'');
    }
}
