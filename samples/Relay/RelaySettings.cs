using System.Text.Json;

namespace AndyAI.Samples.Relay;

/// <summary>The cog's settings in plugins.json: <c>"Relay": { "routes": [ { "from": "…", "to": "…" } ], "maxLength": 300 }</c>.</summary>
internal sealed record RelaySettings
{
    public IReadOnlyList<RelayRoute> Routes { get; set; } = [];

    /// <summary>Relayed text is cut to this many characters (with "…").</summary>
    public int MaxLength { get; set; } = 300;

    /// <summary>Reads and checks the settings; throws <see cref="InvalidOperationException"/> naming what is wrong.</summary>
    public static RelaySettings Read(JsonElement settings)
    {
        RelaySettings? read;
        try
        {
            read = settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? new RelaySettings()
                : settings.Deserialize(RelayJson.Default.RelaySettings);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Relay's settings in plugins.json are not valid: {ex.Message}", ex);
        }

        read ??= new RelaySettings();
        if (read.MaxLength is < 20 or > 1800)
        {
            throw new InvalidOperationException($"Relay's maxLength must be 20 to 1800 characters, not {read.MaxLength}.");
        }

        foreach (RelayRoute route in read.Routes)
        {
            if (route.From == 0 || route.To == 0 || route.From == route.To)
            {
                throw new InvalidOperationException($"Relay's route from '{route.From}' to '{route.To}' needs two different channel ids.");
            }
        }

        return read;
    }
}
