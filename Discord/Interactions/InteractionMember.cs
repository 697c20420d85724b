using AndyAI.Abstractions.Discord;

namespace AndyAI.Discord.Interactions;

/// <summary>A guild member as an interaction reports it: the invoker in a guild, or a resolved user option.</summary>
public sealed class InteractionMember
{
    /// <summary>The user; <see langword="null"/> for members in <see cref="InteractionResolved.Members"/> (the user is in <see cref="InteractionResolved.Users"/>).</summary>
    public DiscordUser? User { get; init; }

    /// <summary>The server nickname, or <see langword="null"/>.</summary>
    public string? Nickname { get; init; }

    /// <summary>The member's role ids.</summary>
    public IReadOnlyList<ulong> RoleIds { get; init; } = [];

    /// <summary>The member's permissions in the channel (overwrites applied), or <see langword="null"/> when not sent.</summary>
    public ulong? Permissions { get; init; }
}
