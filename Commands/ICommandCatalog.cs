using AndyAI.Abstractions.Commands;

namespace AndyAI.Commands;

/// <summary>
/// The host's seam to the command framework: every command has an owner (a cog's name, or "Host" for the
/// built-in admin commands), so a cog's commands can be removed when it unloads.
/// </summary>
public interface ICommandCatalog
{
    /// <summary>The owner of the framework's <c>!help</c> and of the host's built-in admin commands.</summary>
    const string HostOwner = "Host";

    /// <summary>The command prefix (default <c>!</c>).</summary>
    string Prefix { get; }

    /// <summary>Adds a command owned by <paramref name="owner"/>.</summary>
    /// <exception cref="InvalidOperationException">The name or an alias is taken; the message names both owners.</exception>
    void Add(string owner, CommandDefinition command);

    /// <summary>
    /// Atomically replaces every command of <paramref name="owner"/> with <paramref name="commands"/> (used when a
    /// reloaded cog goes live). Nothing changes when any name or alias is taken by another owner.
    /// </summary>
    /// <exception cref="InvalidOperationException">A name or alias is taken by another owner; the message names both.</exception>
    void ReplaceOwner(string owner, IReadOnlyList<CommandDefinition> commands);

    /// <summary>
    /// Checks, without registering, that <paramref name="command"/> is valid and that its name and aliases are free
    /// or already owned by <paramref name="owner"/> (a cog being reloaded may re-declare its own commands).
    /// </summary>
    /// <exception cref="InvalidOperationException">Taken by another owner; the message names both.</exception>
    /// <exception cref="ArgumentException">The definition is invalid.</exception>
    void EnsureCanAdd(string owner, CommandDefinition command);

    /// <summary>Removes every command of <paramref name="owner"/> and returns how many there were.</summary>
    int RemoveOwner(string owner);

    /// <summary>
    /// Removes those of <paramref name="commands"/> (compared by reference) that are still registered for
    /// <paramref name="owner"/>, and returns how many were. A cog instance deactivated after its successor went live
    /// removes nothing this way, unlike <see cref="RemoveOwner"/>.
    /// </summary>
    int RemoveCommands(string owner, IReadOnlyCollection<CommandDefinition> commands);

    /// <summary>Whether the message invokes a known command (see <see cref="ICommandRegistry.IsCommandInvocation"/>).</summary>
    bool IsCommandInvocation(AndyAI.Abstractions.Discord.DiscordMessage message);
}
