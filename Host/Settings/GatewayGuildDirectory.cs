using AndyAI.Discord.Hosting;

namespace AndyAI.Host.Settings;

/// <summary>The guilds as the gateway described them to this process (GUILD_CREATE, channel, thread and role events).</summary>
internal sealed class GatewayGuildDirectory(DiscordBot bot) : IGuildDirectory
{
    public bool? HasChannel(ulong guildId, ulong channelId) => bot.IsGuildChannel(guildId, channelId);

    public bool? HasRole(ulong guildId, ulong roleId) => bot.IsGuildRole(guildId, roleId);
}
