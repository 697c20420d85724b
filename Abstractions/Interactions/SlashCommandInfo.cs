namespace AndyAI.Abstractions.Interactions;

/// <summary>A live slash command as <c>/help</c> shows it (of any cog, or the host). Holds no handler.</summary>
/// <param name="Name">The command's name, without the slash.</param>
/// <param name="Description">Its description.</param>
/// <param name="Usage">How to call it: <c>/reload [cog]</c>, <c>/dice roll|flip</c>.</param>
/// <param name="OwnerOnly">Whether only the bot's owners may run it.</param>
public sealed record SlashCommandInfo(string Name, string Description, string Usage, bool OwnerOnly);
