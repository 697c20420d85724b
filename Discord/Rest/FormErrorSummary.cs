using System.Text;
using System.Text.Json;

namespace AndyAI.Discord.Rest;

/// <summary>
/// Flattens the <c>errors</c> tree of a 50035 Invalid Form Body answer (one object per path segment, ending in
/// <c>{"_errors":[{"code":…,"message":…}]}</c>) into <c>path: CODE (message)</c> lines. Without it an operator sees
/// only "Invalid Form Body" and not which field Discord refused.
/// </summary>
internal static class FormErrorSummary
{
    /// <summary>Enough to name the culprit without flooding a log line.</summary>
    public const int MaxEntries = 5;

    /// <returns>The summary, or <see langword="null"/> when <paramref name="errors"/> holds none.</returns>
    public static string? Describe(JsonElement? errors)
    {
        if (errors is not { ValueKind: JsonValueKind.Object } root) return null;
        var entries = new List<string>(MaxEntries);
        int total = 0;
        Walk(root, "", entries, ref total);
        if (total == 0) return null;
        var text = new StringBuilder(string.Join("; ", entries));
        if (total > entries.Count) text.Append("; and ").Append(total - entries.Count).Append(" more");
        return text.ToString();
    }

    private static void Walk(JsonElement node, string path, List<string> entries, ref int total)
    {
        foreach (JsonProperty property in node.EnumerateObject())
        {
            if (property.NameEquals("_errors") && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement error in property.Value.EnumerateArray())
                {
                    total++;
                    if (entries.Count == MaxEntries || error.ValueKind != JsonValueKind.Object) continue;
                    string code = error.TryGetProperty("code", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "?";
                    string message = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                    entries.Add($"{(path.Length == 0 ? "(body)" : path)}: {code} ({message})");
                }
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Walk(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, entries, ref total);
            }
        }
    }
}
