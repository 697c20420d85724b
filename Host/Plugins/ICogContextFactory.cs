using System.Text.Json;
using AndyAI.Abstractions;

namespace AndyAI.Host.Plugins;

/// <summary>
/// Builds the <see cref="ICogContext"/> for one cog instance. The plugin manager owns the returned scope: it
/// activates it once the cog started and disposes it at unload, which removes everything the cog registered.
/// </summary>
internal interface ICogContextFactory
{
    ICogContextScope Create(CogContextRequest request);
}

/// <param name="CogName">The cog's name (its <see cref="ICog.Name"/>).</param>
/// <param name="Settings">The cog's settings object from plugins.json (an empty object when none).</param>
/// <param name="DataDirectory">The cog's data directory; the factory creates it if missing.</param>
/// <param name="Unloading">Fires when this instance starts unloading; surfaced as <see cref="ICogContext.Unloading"/>.</param>
internal sealed record CogContextRequest(string CogName, JsonElement Settings, string DataDirectory, CancellationToken Unloading);

/// <summary>
/// One cog instance's registrations. During a reload two instances of a cog exist: registrations made by the new
/// one during StartAsync are staged and go live only at <see cref="Activate"/>, so the old instance keeps serving
/// until the switch, and a new version that fails to start never receives traffic.
/// </summary>
internal interface ICogContextScope : IAsyncDisposable
{
    ICogContext Context { get; }

    /// <summary>Makes the staged message handlers and commands live, replacing those of any previous instance of the same cog.</summary>
    void Activate();

    /// <summary>Stops delivering messages and commands to this instance (called before the cog's StopAsync).</summary>
    void Deactivate();

    /// <summary>How many times a handler or command of this instance threw.</summary>
    long HandlerErrorCount { get; }

    /// <summary>The last such error, one line ("InvalidOperationException: …"), or null.</summary>
    string? LastHandlerError { get; }
}
