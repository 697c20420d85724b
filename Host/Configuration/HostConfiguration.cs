using System.Collections;
using Microsoft.Extensions.Configuration;

namespace AndyAI.Host.Configuration;

/// <summary>
/// Builds the host's configuration: <c>appsettings.json</c> (optional) &lt; <c>.env</c> &lt; environment variables
/// &lt; command line. The fixed variable names (DISCORD_API_TOKEN…) are mapped onto their section keys; a variable
/// set in the real environment always wins over the same name in <c>.env</c>.
/// </summary>
internal static class HostConfiguration
{
    public const string DotEnvFileName = ".env";

    /// <summary>Adds every source to <paramref name="builder"/> and returns the resolved, validated settings.</summary>
    /// <exception cref="ConfigurationException">A setting is missing or malformed, or .env is malformed.</exception>
    public static HostSettings Configure(IConfigurationBuilder builder, string contentRoot, IDictionary environment, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);

        IReadOnlyDictionary<string, string> dotEnv = DotEnvFile.Load(Path.Combine(contentRoot, DotEnvFileName));
        Dictionary<string, string> realEnvironment = ToDictionary(environment);

        builder.AddJsonFile(Path.Combine(contentRoot, "appsettings.json"), optional: true, reloadOnChange: false);
        builder.AddInMemoryCollection(MapSectionStyleNames(dotEnv, realEnvironment));
        builder.AddInMemoryCollection(MapEnvironment(realEnvironment));
        builder.AddInMemoryCollection(MapFixedNames(dotEnv, realEnvironment));
        builder.AddCommandLine(args);
        builder.AddInMemoryCollection(new Dictionary<string, string?> { [ConfigurationKeys.ContentRoot] = contentRoot });

        IConfiguration configuration = builder is IConfiguration built ? built : builder.Build();
        Dictionary<string, string?> modelKeys = MapModelKeyVariables(configuration, dotEnv, realEnvironment);
        if (modelKeys.Count > 0)
        {
            // Before the settings are read: the keys must be known secrets from the first log line on.
            builder.AddInMemoryCollection(modelKeys);
            configuration = builder is IConfiguration rebuilt ? rebuilt : builder.Build();
        }

        HostSettings settings = HostSettings.FromConfiguration(configuration, contentRoot);

        // Publish what the host resolved, so every library reads the same absolute paths and mode.
        builder.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ConfigurationKeys.Mode] = settings.Mode.ToString(),
            [ConfigurationKeys.LogFile] = settings.LogFile,
            [ConfigurationKeys.PluginsConfig] = settings.PluginsConfigPath,
            [ConfigurationKeys.SupervisorConfigPath] = settings.PluginsConfigPath,
        });
        return settings;
    }

    /// <summary>
    /// The fixed names, from .env unless the real environment has them. An empty value counts as unset (so
    /// <c>DISCORD_API_TOKEN=</c> copied from .env.example means sandbox mode, not an empty token).
    /// </summary>
    internal static Dictionary<string, string?> MapFixedNames(IReadOnlyDictionary<string, string> dotEnv, IReadOnlyDictionary<string, string> environment)
    {
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((string variable, string key) in EnvironmentVariables.Mappings)
        {
            string? value = environment.TryGetValue(variable, out string? real) ? real
                : dotEnv.TryGetValue(variable, out string? fromFile) ? fromFile
                : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            mapped[key] = value.Trim();
        }

        return mapped;
    }

    /// <summary>
    /// Each named model's <c>ApiKeyVariable</c> (<c>Llm:Models:fast:ApiKeyVariable=GROQ_API_KEY</c>) read from the
    /// environment, else .env, into <c>Llm:Models:fast:ApiKey</c>, unless the model sets its key directly. A variable
    /// that is not set adds nothing; the LLM options validator names it.
    /// </summary>
    internal static Dictionary<string, string?> MapModelKeyVariables(IConfiguration configuration, IReadOnlyDictionary<string, string> dotEnv, IReadOnlyDictionary<string, string> environment)
    {
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (IConfigurationSection model in configuration.GetSection("Llm:Models").GetChildren())
        {
            string? variable = model["ApiKeyVariable"]?.Trim();
            if (string.IsNullOrEmpty(variable) || !string.IsNullOrWhiteSpace(model["ApiKey"]))
            {
                continue;
            }

            string? value = environment.TryGetValue(variable, out string? real) && !string.IsNullOrWhiteSpace(real) ? real
                : dotEnv.TryGetValue(variable, out string? fromFile) ? fromFile
                : null;
            if (!string.IsNullOrWhiteSpace(value))
            {
                mapped[$"{model.Path}:ApiKey"] = value.Trim();
            }
        }

        return mapped;
    }

    /// <summary>.NET-style names in .env (<c>Cache__MaxEntries=…</c>) become section keys, unless the real environment sets them.</summary>
    internal static Dictionary<string, string?> MapSectionStyleNames(IReadOnlyDictionary<string, string> dotEnv, IReadOnlyDictionary<string, string> environment)
    {
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in dotEnv)
        {
            if (name.Contains("__", StringComparison.Ordinal) && !environment.ContainsKey(name))
            {
                mapped[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }
        }

        return mapped;
    }

    /// <summary>Every environment variable, <c>Section__Key</c> read as <c>Section:Key</c> (what AddEnvironmentVariables does, from a given environment).</summary>
    internal static Dictionary<string, string?> MapEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in environment)
        {
            mapped[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
        }

        return mapped;
    }

    private static Dictionary<string, string> ToDictionary(IDictionary environment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }
}
