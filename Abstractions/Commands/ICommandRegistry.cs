using AndyAI.Abstractions.Discord;

namespace AndyAI.Abstractions.Commands;

/// <summary>Where a cog declares its prefix commands. The host removes them when the cog unloads.</summary>
public interface ICommandRegistry
{
    /// <summary>Registers a command.</summary>
    /// <exception cref="InvalidOperationException">
    /// Another cog (or the host) already owns the name or one of the aliases; the message names both owners.
    /// </exception>
    /// <exception cref="ArgumentException">The definition is invalid (empty name, a required parameter after an optional one…).</exception>
    void Add(CommandDefinition command);

    /// <summary>
    /// Whether the command framework handles this message: the prefix followed by a known command, or a mention of
    /// the bot followed by a known command name. Cogs that answer mentions use it to leave commands alone.
    /// </summary>
    bool IsCommandInvocation(DiscordMessage message);

    /// <summary>The prefix commands are invoked with (for example <c>!</c>).</summary>
    string Prefix { get; }
}
