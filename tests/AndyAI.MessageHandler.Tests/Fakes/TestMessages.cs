using AndyAI.Abstractions.Discord;

namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

internal static class TestMessages
{
    private static long s_nextId = 10_000;

    public static ulong NextId() => (ulong)Interlocked.Increment(ref s_nextId);

    public static DiscordUser User(ulong id) => new(id, "user" + id, IsBot: false);

    /// <summary>A guild message that mentions the bot (the host computed <see cref="DiscordMessage.MentionsBot"/>).</summary>
    public static DiscordMessage Mention(string content, ulong author = Ids.Alice, ulong guild = Ids.Guild, ulong channel = Ids.Channel) => new()
    {
        Id = NextId(),
        ChannelId = channel,
        GuildId = guild,
        Author = User(author),
        Content = content,
        MentionsBot = true,
        MentionedUserIds = [Ids.Bot],
        BotRoleId = Ids.BotRole,
    };

    public static DiscordMessage Plain(string content, ulong author = Ids.Alice) => new()
    {
        Id = NextId(),
        ChannelId = Ids.Channel,
        GuildId = Ids.Guild,
        Author = User(author),
        Content = content,
    };

    public static DiscordMessage Direct(string content, ulong author = Ids.Alice) => new()
    {
        Id = NextId(),
        ChannelId = Ids.DmChannel,
        Author = User(author),
        Content = content,
    };
}
