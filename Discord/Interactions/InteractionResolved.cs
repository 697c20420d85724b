using AndyAI.Abstractions.Discord;

namespace AndyAI.Discord.Interactions;

/// <summary>The users, members, roles, channels and attachments an interaction's options (or selected values) refer to, by id.</summary>
public sealed class InteractionResolved
{
    /// <summary>Nothing resolved.</summary>
    public static InteractionResolved Empty { get; } = new();

    /// <summary>Users by id.</summary>
    public IReadOnlyDictionary<ulong, DiscordUser> Users { get; init; } = new Dictionary<ulong, DiscordUser>();

    /// <summary>Guild members by user id (in guilds only; <see cref="InteractionMember.User"/> is null, see <see cref="Users"/>).</summary>
    public IReadOnlyDictionary<ulong, InteractionMember> Members { get; init; } = new Dictionary<ulong, InteractionMember>();

    /// <summary>Roles by id.</summary>
    public IReadOnlyDictionary<ulong, ResolvedRole> Roles { get; init; } = new Dictionary<ulong, ResolvedRole>();

    /// <summary>Channels by id.</summary>
    public IReadOnlyDictionary<ulong, ResolvedChannel> Channels { get; init; } = new Dictionary<ulong, ResolvedChannel>();

    /// <summary>Attachments by id.</summary>
    public IReadOnlyDictionary<ulong, ResolvedAttachment> Attachments { get; init; } = new Dictionary<ulong, ResolvedAttachment>();
}
