using AndyAI.Abstractions.Discord;

namespace AndyAI.Utility.Tests.Fakes;

internal static class TestContexts
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The kit's context as these tests expect it: the host up for an hour, a REST round trip of 87 ms.</summary>
    public static FakeCogContext Create(string settingsJson = "{}")
    {
        var context = new FakeCogContext(settingsJson, Now) { CogName = "Utility" };
        context.FakeStatistics.StartedAt = Now.AddHours(-1);
        context.Bot.CurrentUser = new DiscordUser(900, "AndyAI", IsBot: true);
        context.Bot.RestLatency = () => Task.FromResult(TimeSpan.FromMilliseconds(87));
        return context;
    }
}
