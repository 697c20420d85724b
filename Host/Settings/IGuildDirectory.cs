namespace AndyAI.Host.Settings;

/// <summary>
/// Which channels and roles a guild has, as far as this process knows, so that a setting naming an id from elsewhere
/// is refused instead of silencing the AI there. <see langword="null"/> means the guild is unknown here (its
/// GUILD_CREATE has not arrived, or its shard runs in another process): nothing can be checked.
/// </summary>
internal interface IGuildDirectory
{
    /// <summary>Whether <paramref name="channelId"/> is a channel or thread of <paramref name="guildId"/>; <see langword="null"/> when the guild is unknown.</summary>
    bool? HasChannel(ulong guildId, ulong channelId);

    /// <summary>Whether <paramref name="roleId"/> is a role of <paramref name="guildId"/>; <see langword="null"/> when the guild is unknown.</summary>
    bool? HasRole(ulong guildId, ulong roleId);
}
