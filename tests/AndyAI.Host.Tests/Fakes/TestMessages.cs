using AndyAI.Abstractions.Discord;

namespace AndyAI.Host.Tests.Fakes;

internal static class TestMessages
{
    /// <summary>A guild message that mentions the kit's default bot user (id 1).</summary>
    public static DiscordMessage Mention(string content = "<@1> hello") => new()
    {
        Id = 500,
        ChannelId = 10,
        GuildId = 20,
        Author = new DiscordUser(7, "user", IsBot: false),
        Content = content,
        MentionedUserIds = [1],
        MentionsBot = true,
    };
}
