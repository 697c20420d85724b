using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Host.Interactions;

internal sealed record AutocompleteContext(string CommandName, string? Subcommand, string? SubcommandGroup, string OptionName, string Text, DiscordUser User, ulong? GuildId,
    IReadOnlyDictionary<string, object> Options) : IAutocompleteContext
{
    // Contract 1.7: what InteractionSession gives a command's handler, from the same INTERACTION_CREATE fields.
    public ulong? ChannelId { get; init; }

    public bool IsInThread { get; init; }

    public ulong? ParentChannelId { get; init; }

    public bool CallerIsOwner { get; init; }

    public IReadOnlyList<ulong> MemberRoleIds { get; init; } = [];

    public ulong? MemberPermissions { get; init; }
}
