using System.Runtime.Loader;
using AndyAI.Abstractions;
using AndyAI.Host.Cogs;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// One loaded build of a cog: its collectible load context, the cog object and its context
/// scope. During a reload two instances of a cog exist. The strong references are dropped by
/// <see cref="CogLoader.Detach"/>; afterwards only weak references to the context and assembly remain, to
/// verify collection.
/// </summary>
internal sealed class CogInstance
{
    public required CogPackage Package { get; init; }

    public required string ShadowDirectory { get; init; }

    /// <summary>SHA-256 over the package's file names and bytes, to tell whether a reload would change anything.</summary>
    public required string Fingerprint { get; init; }

    public required string CogName { get; init; }

    public required string Version { get; init; }

    /// <summary>What the cog's DLL says about itself (read before loading it).</summary>
    public CogManifest? Manifest { get; init; }

    public required WeakReference LoadContextReference { get; init; }

    public required WeakReference AssemblyReference { get; init; }

    /// <summary>The settings' JSON text the instance was started with, to reload it when plugins.json changes them.</summary>
    public string SettingsText { get; set; } = "{}";

    public DateTimeOffset LoadedAt { get; set; }

    public AssemblyLoadContext? LoadContext { get; set; }

    public ICog? Cog { get; set; }

    public ICogContextScope? Scope { get; set; }

    /// <summary>Fires when unloading starts; surfaced to the cog as <see cref="ICogContext.Unloading"/>.</summary>
    public CancellationTokenSource? Unloading { get; set; } = new();

    /// <summary>Whether StartAsync was called (then StopAsync is called at teardown, even when the start failed).</summary>
    public bool StartAttempted { get; set; }

    /// <summary>
    /// Set by a verified teardown as it deactivates the scope: which scheduled jobs' runs ignore their cancellation (the
    /// reason the instance cannot be collected; null when none), known at most <see cref="CogInstanceLifecycle.StopGrace"/>
    /// later however long StopAsync takes. A string once complete, so it pins nothing of the cog; the supervisor reads it
    /// when its wait for the teardown ran out. Null before the deactivation.
    /// </summary>
    public Task<string?>? StuckJobRuns { get; set; }
}
