using AndyAI.Host.Settings;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>Guilds a test describes, as GUILD_CREATE would; any other guild is unknown (null), as before its GUILD_CREATE.</summary>
internal sealed class FakeGuildDirectory : IGuildDirectory
{
    private readonly Dictionary<ulong, (HashSet<ulong> Channels, HashSet<ulong> Roles)> _guilds = [];

    public void Add(ulong guildId, ulong[] channelIds, ulong[] roleIds) => _guilds[guildId] = ([.. channelIds], [.. roleIds]);

    public bool? HasChannel(ulong guildId, ulong channelId) => _guilds.TryGetValue(guildId, out var guild) ? guild.Channels.Contains(channelId) : null;

    public bool? HasRole(ulong guildId, ulong roleId) => _guilds.TryGetValue(guildId, out var guild) ? guild.Roles.Contains(roleId) : null;
}
