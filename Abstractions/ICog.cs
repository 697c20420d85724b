namespace AndyAI.Abstractions;

/// <summary>
/// A unit of bot behaviour loaded from its own assembly into its own collectible load context.
/// The host may stop and unload it at any time; everything it registered through its
/// <see cref="ICogContext"/> is removed by the host.
/// </summary>
/// <remarks>
/// A cog type needs a public parameterless constructor. Keep no static mutable state: anything static that
/// outlives the cog (an event handler on a host type, a timer, a running task) keeps its code from unloading.
/// </remarks>
public interface ICog
{
    /// <summary>The cog's name, as used in <c>plugins.json</c> and by <c>!reload</c>. Stable across versions.</summary>
    string Name { get; }

    /// <summary>Registers handlers and commands and starts any background work. Called once, on a thread-pool thread, within the host's start timeout (the constructor counts too).</summary>
    /// <param name="context">Host services for this cog. Do not use it after <see cref="StopAsync"/> returns.</param>
    /// <param name="cancellationToken">Cancelled when the host gives up waiting for the start.</param>
    /// <exception cref="Exception">Any exception marks the cog Failed; the host and other cogs keep running.</exception>
    ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Stops background work and releases resources. Called once, before unload, on a thread-pool thread. New
    /// messages and commands already go to the cog's next instance (or nowhere); work in flight may finish.
    /// </summary>
    /// <param name="cancellationToken">
    /// Cancelled when the host's drain budget is spent (<c>Plugins:DrainTimeout</c> at a reload or unload, the rest of
    /// the shutdown budget at shutdown). After that the cog has 5 seconds to return: enough to tell users their work
    /// was cut, not to finish it.
    /// </param>
    ValueTask StopAsync(CancellationToken cancellationToken);
}
