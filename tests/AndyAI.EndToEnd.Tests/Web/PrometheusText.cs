using System.Globalization;
using System.Text;

namespace AndyAI.EndToEnd.Tests.Web;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4 (no package for one is served here): every line
/// must be a HELP, TYPE or other comment, a sample, or empty; names, label syntax, escapes and values are checked; a
/// family's TYPE comes once and before its samples; a sample's labels are unique. Anything else throws
/// <see cref="FormatException"/> naming the line, so a malformed /metrics fails the test that reads it.
/// </summary>
internal static class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public bool Has(string label, string value) => Labels.TryGetValue(label, out string? v) && v == value;
    }

    public sealed record Exposition(IReadOnlyList<Sample> Samples, IReadOnlyDictionary<string, string> Types)
    {
        /// <summary>The sum of every sample named <paramref name="name"/> (over all label sets); 0 when there is none.</summary>
        public double Sum(string name, Func<Sample, bool>? where = null) =>
            Samples.Where(s => s.Name == name && (where is null || where(s))).Sum(s => s.Value);

        public bool Contains(string name) => Samples.Any(s => s.Name == name);
    }

    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    public static Exposition Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenFamilies = new HashSet<string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int number = 1; number <= lines.Length; number++)
        {
            string line = lines[number - 1];
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (line.StartsWith('#'))
                {
                    ParseComment(line, types, seenFamilies);
                    continue;
                }

                Sample sample = ParseSample(line);
                seenFamilies.Add(FamilyOf(sample.Name, types));
                samples.Add(sample);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"line {number}: {ex.Message}: {line}", ex);
            }
        }

        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition does not end with a line feed");
        }

        return new Exposition(samples, types);
    }

    private static void ParseComment(string line, Dictionary<string, string> types, HashSet<string> seenFamilies)
    {
        string[] parts = line.Split(' ', 4);
        if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "HELP" or "TYPE")
        {
            RequireMetricName(parts[2]);
            if (parts[1] == "TYPE")
            {
                string type = parts.Length == 4 ? parts[3] : throw new FormatException("TYPE without a type");
                if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                {
                    throw new FormatException($"unknown type '{type}'");
                }

                if (seenFamilies.Contains(parts[2]))
                {
                    throw new FormatException($"TYPE of {parts[2]} after its samples");
                }

                if (!types.TryAdd(parts[2], type))
                {
                    throw new FormatException($"second TYPE for {parts[2]}");
                }
            }
        }
    }

    private static Sample ParseSample(string line)
    {
        int i = 0;
        string name = ReadWhile(line, ref i, c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
        RequireMetricName(name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                string label = ReadWhile(line, ref i, c => char.IsAsciiLetterOrDigit(c) || c == '_');
                if (label.Length == 0 || char.IsAsciiDigit(label[0]))
                {
                    throw new FormatException("bad label name");
                }

                Expect(line, ref i, '=');
                Expect(line, ref i, '"');
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException("unterminated label value");
                    }

                    char c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        char escaped = i < line.Length ? line[i++] : throw new FormatException("dangling escape");
                        value.Append(escaped switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"bad escape \\{escaped}"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"label {label} twice");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException("expected , or }");
                }
            }
        }

        Expect(line, ref i, ' ');
        string[] rest = line[i..].Split(' ');
        if (rest.Length is < 1 or > 2)
        {
            throw new FormatException("expected a value and an optional timestamp");
        }

        double number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : throw new FormatException($"bad value '{rest[0]}'"),
        };
        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"bad timestamp '{rest[1]}'");
        }

        return new Sample(name, labels, number);
    }

    private static string FamilyOf(string sample, Dictionary<string, string> types)
    {
        foreach (string suffix in HistogramSuffixes)
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sample[..^suffix.Length], out string? type) && type is "histogram" or "summary")
            {
                return sample[..^suffix.Length];
            }
        }

        return sample;
    }

    private static void RequireMetricName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"bad metric name '{name}'");
        }
    }

    private static string ReadWhile(string line, ref int i, Func<char, bool> accept)
    {
        int start = i;
        while (i < line.Length && accept(line[i]))
        {
            i++;
        }

        return line[start..i];
    }

    private static void Expect(string line, ref int i, char expected)
    {
        if (i >= line.Length || line[i] != expected)
        {
            throw new FormatException($"expected '{expected}' at column {i + 1}");
        }

        i++;
    }
}
