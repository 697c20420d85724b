using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Host.Interactions;

internal sealed record AutocompleteContext(string CommandName, string? Subcommand, string? SubcommandGroup, string OptionName, string Text, DiscordUser User, ulong? GuildId,
    IReadOnlyDictionary<string, object> Options) : IAutocompleteContext;
