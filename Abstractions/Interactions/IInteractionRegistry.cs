namespace AndyAI.Abstractions.Interactions;

/// <summary>
/// Where a cog declares its slash commands and its component (button, select menu) and modal handlers. The host
/// registers the commands with Discord, removes everything when the cog unloads and moves it to the new instance
/// on reload: a button posted by the old instance is handled by the new one.
/// </summary>
public interface IInteractionRegistry
{
    /// <summary>Declares a slash command.</summary>
    /// <exception cref="ArgumentException">The definition breaks one of Discord's rules (name, lengths, 25 options, required before optional…).</exception>
    /// <exception cref="InvalidOperationException">Another cog (or the host) already owns the name; the message names both owners.</exception>
    void AddCommand(SlashCommandDefinition command);

    /// <summary>
    /// Handles buttons and select menus whose custom id (as the cog wrote it) starts with <paramref name="customIdPrefix"/>;
    /// the longest matching prefix wins. Ids are namespaced per cog by the host, so two cogs may use the same ones.
    /// </summary>
    /// <exception cref="ArgumentException">An empty prefix, or one this cog registered already.</exception>
    void AddComponentHandler(string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler);

    /// <summary>Handles submitted modals whose custom id starts with <paramref name="customIdPrefix"/> (as for components).</summary>
    /// <exception cref="ArgumentException">An empty prefix, or one this cog registered already.</exception>
    void AddModalHandler(string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler);

    /// <summary>Every live slash command, of every cog and the host, ordered by name (for a <c>/help</c>).</summary>
    IReadOnlyList<SlashCommandInfo> ListCommands();

    /// <summary>
    /// The live slash commands usable in <paramref name="guildId"/>: those of cogs the server turned off are left out
    /// (they would only answer that they are turned off). Null (a DM) lists them all. Contract 1.5; a host before it
    /// lists them all.
    /// </summary>
    IReadOnlyList<SlashCommandInfo> ListCommands(ulong? guildId) => ListCommands();
}
