using System.Text.Json;
using AndyAI.Abstractions;

namespace AndyAI.Host.Cogs;

/// <summary>
/// Builds the <see cref="ICogContext"/> for one cog instance. The plugin manager owns the returned scope: it
/// activates it once the cog started and disposes it at unload, which removes everything the cog registered.
/// </summary>
internal interface ICogContextFactory
{
    ICogContextScope Create(CogContextRequest request);
}
