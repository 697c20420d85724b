using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Cogs.Utility;

/// <summary>The cog's settings: <c>cogs.Utility.settings</c> in plugins.json.</summary>
internal sealed class UtilitySettings
{
    /// <summary>Seconds one user waits between two uses of each command; 0 for none. Defaults to 5.</summary>
    public int CooldownSeconds { get; set; } = 5; // set, not init: the source generator assigns missing init properties their zero value

    /// <summary>The cooldown to register, or <see langword="null"/> for none.</summary>
    [JsonIgnore]
    public TimeSpan? Cooldown => CooldownSeconds == 0 ? null : TimeSpan.FromSeconds(CooldownSeconds);

    /// <exception cref="InvalidOperationException">The settings are malformed or out of range; the message names the key.</exception>
    public static UtilitySettings Load(JsonElement settings)
    {
        UtilitySettings? loaded;
        try
        {
            // Source-generated: reflection-based serialization of the cog's own types would keep it from unloading.
            loaded = settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? new UtilitySettings()
                : settings.Deserialize(UtilityJsonContext.Default.UtilitySettings);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Utility settings are invalid: {e.Message}", e);
        }

        loaded ??= new UtilitySettings();
        if (loaded.CooldownSeconds is < 0 or > 3600)
        {
            throw new InvalidOperationException($"Utility settings are invalid: cooldownSeconds must be 0 to 3600, not {loaded.CooldownSeconds}.");
        }

        return loaded;
    }
}
