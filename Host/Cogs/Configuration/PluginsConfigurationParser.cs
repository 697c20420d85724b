using System.Text.Json;

namespace AndyAI.Host.Cogs.Configuration;

/// <summary>Reads and validates plugins.json.</summary>
internal static class PluginsConfigurationParser
{
    public const string DefaultPluginsDirectory = "run/plugins";
    public const string DefaultDataDirectory = "run/data";

    /// <summary>Reads the file; a missing file gives the defaults relative to its folder.</summary>
    /// <exception cref="PluginsConfigurationException">The file is unreadable, not valid JSON, or not a valid configuration.</exception>
    public static PluginsConfiguration Load(string path)
    {
        string fullPath = Path.GetFullPath(path);
        string baseDirectory = Path.GetDirectoryName(fullPath)!;
        if (!File.Exists(fullPath)) return PluginsConfiguration.CreateDefault(baseDirectory);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PluginsConfigurationException($"{fullPath}: cannot be read: {e.Message}", e);
        }

        return Parse(bytes, fullPath);
    }

    /// <summary>Parses plugins.json content; relative paths are resolved against the folder of <paramref name="sourcePath"/>.</summary>
    public static PluginsConfiguration Parse(ReadOnlySpan<byte> utf8Json, string sourcePath)
    {
        PluginsJsonSchema.Check(utf8Json, sourcePath);
        JsonPluginsFile? file;
        try
        {
            file = JsonSerializer.Deserialize(utf8Json, PluginsJsonContext.Default.JsonPluginsFile);
        }
        catch (JsonException e)
        {
            // Not expected after the check above. The serializer's message names .NET members and types, so only
            // its path and position are shown.
            long? line = e.LineNumber + 1;
            long? position = e.BytePositionInLine + 1;
            string where = line is null ? "" : $"line {line}, position {position}: ";
            throw new PluginsConfigurationException($"{sourcePath}: {where}the value at {e.Path ?? "$"} cannot be read", e)
            {
                Line = line,
                Position = position,
            };
        }

        if (file is null) throw new PluginsConfigurationException($"{sourcePath}: expected a JSON object, found null");
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(sourcePath))!;

        var cogs = new Dictionary<string, CogConfiguration>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, JsonCogEntry? entry) in file.Cogs ?? [])
        {
            if (CogNames.Problem(name) is { } problem) throw Invalid(sourcePath, $"cogs: {problem}");
            if (entry is null) throw Invalid(sourcePath, $"cogs.{name}: expected an object, found null");
            if (entry.Settings is { } s && s.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw Invalid(sourcePath, $"cogs.{name}.settings: expected an object, found {s.ValueKind}");
            }

            JsonElement? settings = entry.Settings is { ValueKind: JsonValueKind.Object } o ? o : null;
            if (!cogs.TryAdd(name, new CogConfiguration(entry.Enabled ?? true, settings, Hashes(sourcePath, name, entry.Sha256))))
            {
                throw Invalid(sourcePath, $"cogs: '{name}' appears twice (names are case-insensitive)");
            }
        }

        var loadOrder = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string? name in file.LoadOrder ?? [])
        {
            if (CogNames.Problem(name) is { } problem) throw Invalid(sourcePath, $"loadOrder: {problem}");
            if (!seen.Add(name)) throw Invalid(sourcePath, $"loadOrder: '{name}' appears twice");
            loadOrder.Add(name);
        }

        CogTrust trust = file.Trust switch
        {
            null or "any" => CogTrust.Any,
            "listed" => CogTrust.Listed,
            _ => throw Invalid(sourcePath, $"trust: '{file.Trust}' is not a trust policy; use \"any\" (the default) or \"listed\""),
        };

        return new PluginsConfiguration(
            Path.GetFullPath(sourcePath),
            ResolveDirectory(sourcePath, baseDirectory, "pluginsDirectory", file.PluginsDirectory, DefaultPluginsDirectory),
            ResolveDirectory(sourcePath, baseDirectory, "dataDirectory", file.DataDirectory, DefaultDataDirectory),
            file.Watch ?? true,
            loadOrder,
            cogs,
            trust);
    }

    /// <summary><c>cogs.&lt;name&gt;.sha256</c>: one hash or an array of them, each 64 hex digits.</summary>
    private static string[] Hashes(string sourcePath, string name, JsonElement? value)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null) return [];
        JsonElement[] items = element.ValueKind switch
        {
            JsonValueKind.String => [element],
            JsonValueKind.Array => [.. element.EnumerateArray()],
            _ => throw Invalid(sourcePath, $"cogs.{name}.sha256: expected a string or an array of strings, found {element.ValueKind}"),
        };
        var hashes = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            string? hash = items[i].ValueKind == JsonValueKind.String ? items[i].GetString() : null;
            if (hash is not { Length: 64 } || !hash.All(char.IsAsciiHexDigit))
            {
                throw Invalid(sourcePath, $"cogs.{name}.sha256: '{hash ?? items[i].GetRawText()}' is not a SHA-256 (64 hexadecimal digits)");
            }

            hashes[i] = hash.ToUpperInvariant();
        }

        return hashes;
    }

    private static string ResolveDirectory(string sourcePath, string baseDirectory, string property, string? value, string fallback)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value)) throw Invalid(sourcePath, $"{property}: must not be empty");
        try
        {
            return Path.GetFullPath(Path.Combine(baseDirectory, value ?? fallback));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Invalid(sourcePath, $"{property}: '{value}' is not a valid path ({e.Message})");
        }
    }

    private static PluginsConfigurationException Invalid(string sourcePath, string problem) => new($"{sourcePath}: {problem}");
}
