using AndyAI.Abstractions.Llm;
using AndyAI.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>
/// The test kit's LLM fake applies daily quotas the way the host's accounting does: a server's quota covers the
/// requests attributed to a user in that server, and a request attributed to nobody is not counted.
/// </summary>
public sealed class TestKitQuotaTests
{
    private const ulong Alice = 1001, Bob = 1002, Guild = 2001, OtherGuild = 2002;
    private static readonly DateTimeOffset Midnight = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);

    private static LlmRequest Ask(ulong? user, ulong? guild) => new([new ChatTurn(ChatRole.User, "hello")]) { UserId = user, GuildId = guild };

    [Test]
    public async Task AServersUsedUpQuota_RefusesItsUsers_AndOnlyThere()
    {
        var llm = new FakeLlmService(new FakeTimeProvider());
        llm.GuildQuotaUsedUp[Guild] = Midnight;

        Assert.That(await llm.QuotaExceededUntilAsync(Alice, Guild), Is.EqualTo(Midnight));
        Assert.That(await llm.QuotaExceededUntilAsync(Alice, OtherGuild), Is.Null);
        Assert.That(await llm.QuotaExceededUntilAsync(Alice, guildId: null), Is.Null, "a DM is outside every server's quota");

        LlmResult refused = await llm.CompleteAsync(Ask(Bob, Guild));
        Assert.That((refused.Outcome, refused.QuotaResetsAt), Is.EqualTo((LlmOutcome.QuotaExceeded, (DateTimeOffset?)Midnight)));
        Assert.That((await llm.CompleteAsync(Ask(Bob, OtherGuild))).Outcome, Is.EqualTo(LlmOutcome.Ok));
        Assert.That((await llm.CompleteAsync(Ask(user: null, Guild))).Outcome, Is.EqualTo(LlmOutcome.Ok), "a request attributed to nobody is not counted");
        Assert.That(llm.Requests, Has.Count.EqualTo(2), "the refused request never reached the provider");
    }

    [Test]
    public async Task BothQuotasUsedUp_NamesTheUsersReset()
    {
        var llm = new FakeLlmService(new FakeTimeProvider());
        llm.QuotaUsedUp[Alice] = Midnight.AddDays(1);
        llm.GuildQuotaUsedUp[Guild] = Midnight;

        Assert.That(await llm.QuotaExceededUntilAsync(Alice, Guild), Is.EqualTo(Midnight.AddDays(1)));
        await foreach (LlmStreamUpdate update in llm.StreamAsync(Ask(Alice, Guild)))
        {
            Assert.That(update.Result?.QuotaResetsAt, Is.EqualTo(Midnight.AddDays(1)));
        }
    }
}
