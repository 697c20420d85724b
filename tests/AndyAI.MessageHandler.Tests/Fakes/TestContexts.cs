using AndyAI.Abstractions.Discord;

namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

internal static class TestContexts
{
    /// <summary>The kit's context, named and with the bot user <see cref="TestMessages"/> mention.</summary>
    public static FakeCogContext Create(string settingsJson = "{}")
    {
        var context = new FakeCogContext(settingsJson) { CogName = "MessageHandler" };
        context.Bot.CurrentUser = new DiscordUser(Ids.Bot, "AndyAI", IsBot: true);
        return context;
    }
}
