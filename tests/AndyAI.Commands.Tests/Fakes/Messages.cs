using AndyAI.Abstractions.Discord;

namespace AndyAI.Commands.Tests.Fakes;

internal static class Messages
{
    public const ulong Channel = 300;
    public const ulong Guild = 200;
    public const ulong User = 10;
    public const ulong Owner = 1;
    public const ulong BotRole = 777;
    public const ulong BotId = 900;

    /// <summary>The bot user the fake bot plays (tests mention it as <c>&lt;@900&gt;</c>).</summary>
    public static readonly DiscordUser Bot = new(BotId, "AndyAI", IsBot: true);

    private static ulong s_nextId = 100_000;

    public static DiscordMessage From(ulong userId, string content, bool mentionsBot = false, bool isBot = false) => new()
    {
        Id = Interlocked.Increment(ref s_nextId),
        ChannelId = Channel,
        GuildId = Guild,
        Author = new DiscordUser(userId, "user" + userId, isBot),
        Content = content,
        MentionsBot = mentionsBot,
        BotRoleId = BotRole,
        MentionedUserIds = mentionsBot ? [BotId] : [],
    };

    public static DiscordMessage Text(string content) => From(User, content);

    public static DiscordMessage Mention(string rest, ulong userId = User) => From(userId, $"<@{BotId}> {rest}", mentionsBot: true);
}
