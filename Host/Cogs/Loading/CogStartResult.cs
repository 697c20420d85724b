using AndyAI.Host.Cogs.Supervision;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>What starting an instance gave.</summary>
/// <param name="Instance">The started, activated instance; null when it did not start.</param>
/// <param name="Kind">Loaded, Disabled (its own name is disabled in plugins.json) or Failed.</param>
/// <param name="Error">Why it did not start.</param>
/// <param name="Name">The cog's own name, once its assembly was loaded.</param>
/// <param name="Manifest">What the build that did not start says about itself, once its image was read.</param>
internal readonly record struct CogStartResult(CogInstance? Instance, CogOutcomeKind Kind, string? Error, string? Name, CogManifest? Manifest = null);
