using System.Text.Json;
using AndyAI.Abstractions;

namespace AndyAI.Host.Cogs;

/// <param name="CogName">The cog's name (its <see cref="ICog.Name"/>).</param>
/// <param name="Settings">The cog's settings object from plugins.json (an empty object when none).</param>
/// <param name="DataDirectory">The cog's data directory; the factory creates it if missing.</param>
/// <param name="Unloading">Fires when this instance starts unloading; surfaced as <see cref="ICogContext.Unloading"/>.</param>
internal sealed record CogContextRequest(string CogName, JsonElement Settings, string DataDirectory, CancellationToken Unloading);
