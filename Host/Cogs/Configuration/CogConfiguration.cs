using System.Text.Json;

namespace AndyAI.Host.Cogs.Configuration;

/// <summary>One cog's entry in plugins.json.</summary>
/// <param name="Enabled">Whether it loads. Defaults to true.</param>
/// <param name="Settings">Its settings object, handed to it as <c>ICogContext.Settings</c>, or null.</param>
internal sealed record CogConfiguration(bool Enabled, JsonElement? Settings);
