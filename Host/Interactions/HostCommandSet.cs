using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Interactions;
using AndyAI.Commands;

namespace AndyAI.Host.Interactions;

/// <summary>
/// A set of commands the host itself owns (owner <c>Host</c>), prefix and slash: added before any cog loads, so no cog
/// can take their names, and removed again at stop — only these, since other host commands (<c>!help</c>) share the owner.
/// </summary>
internal sealed class HostCommandSet(ICommandCatalog catalog, InteractionTable interactions)
{
    private IReadOnlyList<CommandDefinition> _prefix = [];
    private IReadOnlyList<InteractionRoute> _slash = [];

    /// <summary>Adds the commands; returns what was added, for a log line.</summary>
    public IReadOnlyList<string> Add(IReadOnlyList<CommandDefinition> prefix, IReadOnlyList<SlashCommandDefinition> slash)
    {
        foreach (CommandDefinition definition in prefix)
        {
            catalog.Add(ICommandCatalog.HostOwner, definition);
        }

        _prefix = prefix;
        InteractionRoute[] routes = [.. slash.Select(d => InteractionRoute.ForCommand(ICommandCatalog.HostOwner, d))];
        foreach (InteractionRoute route in routes)
        {
            interactions.Add(ICommandCatalog.HostOwner, route);
        }

        _slash = routes;
        return [.. prefix.Select(d => catalog.Prefix + d.Name).Concat(routes.Select(r => "/" + r.Key))];
    }

    /// <summary>Removes what <see cref="Add"/> added.</summary>
    public void Remove()
    {
        catalog.RemoveCommands(ICommandCatalog.HostOwner, [.. _prefix]);
        _prefix = [];
        interactions.Remove(_slash);
        _slash = [];
    }
}
