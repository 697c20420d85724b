using System.Text.Json;

namespace AndyAI.Host.Cogs.Configuration;

/// <summary>One cog's entry in plugins.json.</summary>
/// <param name="Enabled">Whether it loads. Defaults to true.</param>
/// <param name="Settings">Its settings object, handed to it as <c>ICogContext.Settings</c>, or null.</param>
/// <param name="Sha256">The package hashes (upper-case hex) the trust policy accepts for it; empty when none are listed.</param>
internal sealed record CogConfiguration(bool Enabled, JsonElement? Settings, IReadOnlyList<string>? Sha256 = null)
{
    public IReadOnlyList<string> Sha256 { get; } = Sha256 ?? [];
}
