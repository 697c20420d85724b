namespace AndyAI.Emulator.World;

internal sealed class UserRecord(ulong id, string username, bool bot)
{
    public ulong Id { get; } = id;
    public string Username { get; } = username;
    public bool Bot { get; } = bot;
}

internal sealed class RoleRecord(ulong id, string name, int position)
{
    public ulong Id { get; } = id;
    public string Name { get; } = name;
    public int Position { get; } = position;
    public string Permissions { get; init; } = "0";
    public bool Managed { get; init; }
    public ulong? BotId { get; init; }
    public bool Mentionable { get; init; } = true;
}

internal sealed class MemberRecord(ulong userId, DateTimeOffset joinedAt)
{
    public ulong UserId { get; } = userId;
    public DateTimeOffset JoinedAt { get; } = joinedAt;
    public List<ulong> RoleIds { get; } = [];
}

internal sealed class GuildRecord(ulong id, string name, ulong ownerId, DateTimeOffset createdAt)
{
    public ulong Id { get; } = id;
    public string Name { get; } = name;
    public ulong OwnerId { get; } = ownerId;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public List<RoleRecord> Roles { get; } = [];
    public Dictionary<ulong, MemberRecord> Members { get; } = [];
    public List<ulong> ChannelIds { get; } = [];
    // Active threads: in GUILD_CREATE's threads, not its channels.
    public List<ulong> ThreadIds { get; } = [];
}

internal sealed class ChannelRecord(ulong id, int type, ulong? guildId, string? name)
{
    public const int GuildText = 0;
    public const int Dm = 1;
    public const int PublicThread = 11;

    public ulong Id { get; } = id;
    public int Type { get; } = type;
    public ulong? GuildId { get; } = guildId;
    public string? Name { get; } = name;
    public int Position { get; init; }
    // A thread's text channel, and who started it.
    public ulong? ParentId { get; init; }
    public ulong? OwnerId { get; init; }
    public bool IsThread => Type == PublicThread;
    public List<ulong> RecipientIds { get; } = [];
    // Ordered by id (= creation order); history queries walk it.
    public List<EmulatorMessage> Messages { get; } = [];
    public ulong? LastMessageId { get; set; }
}

internal sealed class TeamRecord(ulong id, string name, ulong ownerUserId, IReadOnlyList<ulong> memberIds)
{
    public ulong Id { get; } = id;
    public string Name { get; } = name;
    public ulong OwnerUserId { get; } = ownerUserId;
    public IReadOnlyList<ulong> MemberIds { get; } = memberIds;

    // Discord's team member roles: "admin", "developer" or "read_only" (the owner's entry says "admin").
    public Dictionary<ulong, string> Roles { get; } = [];
}
