using AndyAI.Host.Settings;
using AndyAI.Services.Llm;

namespace AndyAI.Host.Tests.Settings;

public sealed class LlmAccountsTests
{
    private const ulong Guild = 500;
    private const ulong Alice = 1;
    private const ulong Bob = 2;
    private const ulong Owner = 9;

    private SettingsSut _sut = null!;

    [TearDown]
    public async Task TearDownAsync() => await _sut.DisposeAsync();

    private LlmUsageEntry Used(ulong user, ulong? guild, int tokens) => new(user, guild, "gpt-4o-mini", tokens, 0, _sut.Time.GetUtcNow());

    [Test]
    public async Task NoQuota_NobodyIsStopped()
    {
        _sut = await SettingsSut.StartAsync(null, Owner);
        _sut.LlmAccounts.Record(Used(Alice, Guild, 1_000_000));

        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default), Is.Null);
    }

    [Test]
    public async Task UserQuota_CountsCallsNotYetWritten_StopsUntilMidnightUtc_OwnersExempt()
    {
        _sut = await SettingsSut.StartAsync(new SettingsOptions { DailyUserTokens = 100 }, Owner);

        DateTimeOffset? before = await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default);
        _sut.LlmAccounts.Record(Used(Alice, Guild, 60));
        _sut.LlmAccounts.Record(Used(Alice, null, 40));
        _sut.LlmAccounts.Record(Used(Owner, Guild, 500));

        Assert.That(before, Is.Null);
        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default), Is.EqualTo(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)),
            "a user's quota counts everywhere, DMs included");
        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Bob, Guild, default), Is.Null);
        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Owner, Guild, default), Is.Null);
    }

    [Test]
    public async Task WrittenUsage_CountsAsMuch_AndTheNextDayStartsFresh()
    {
        _sut = await SettingsSut.StartAsync(new SettingsOptions { DailyUserTokens = 100 });
        await _sut.LlmAccounts.StartAsync(default);
        _sut.LlmAccounts.Record(Used(Alice, Guild, 150));
        await _sut.LlmAccounts.StopAsync(default); // drains the queue into the database

        long written = await _sut.Accounts.UserTokensAsync(AndyAI.Storage.Accounts.Accounts.DayOf(_sut.Time.GetUtcNow()), Alice, default);
        DateTimeOffset? today = await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default);
        _sut.Time.Advance(TimeSpan.FromHours(12));
        DateTimeOffset? tomorrow = await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default);

        Assert.That(written, Is.EqualTo(150));
        Assert.That(today, Is.Not.Null);
        Assert.That(tomorrow, Is.Null);
    }

    [Test]
    public async Task GuildQuota_FromTheGuildsSettings_StopsEveryoneThere_NotElsewhere()
    {
        _sut = await SettingsSut.StartAsync(null, Owner);
        await _sut.Settings.SetGuildAsync(Guild, new GuildSettingsDocument { DailyGuildTokens = 100 }, default);
        _sut.LlmAccounts.Record(Used(Alice, Guild, 70));
        _sut.LlmAccounts.Record(Used(Bob, Guild, 30));

        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Bob, Guild, default), Is.Not.Null);
        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Bob, Guild + 1, default), Is.Null);
        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Bob, null, default), Is.Null);
        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Owner, Guild, default), Is.Null);
    }

    [Test]
    public async Task GuildSettingZero_LiftsTheHostsUserQuotaThere()
    {
        _sut = await SettingsSut.StartAsync(new SettingsOptions { DailyUserTokens = 10 });
        await _sut.Settings.SetGuildAsync(Guild, new GuildSettingsDocument { DailyUserTokens = 0 }, default);
        _sut.LlmAccounts.Record(Used(Alice, Guild, 50));

        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default), Is.Null);
        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, null, default), Is.Not.Null);
    }

    [Test]
    public async Task DatabaseDown_NoQuotaApplies()
    {
        _sut = await SettingsSut.StartAsync(new SettingsOptions { DailyUserTokens = 10 });
        _sut.LlmAccounts.Record(Used(Alice, Guild, 50));
        _sut.Access.MarkUnavailable(new InvalidOperationException("down for the test"));

        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default), Is.Null);
    }

    [Test]
    public async Task FullQueue_DropsTheOldestCall_AndItsTokensLeaveThePendingCount()
    {
        _sut = await SettingsSut.StartAsync(new SettingsOptions { DailyUserTokens = 10_001 });

        // The writer is not started: every call waits in the queue (10,000 at most), as in a long outage.
        for (int i = 0; i < 10_001; i++)
        {
            _sut.LlmAccounts.Record(Used(Alice, Guild, 1));
        }

        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default), Is.Null, "10,000 tokens held, not 10,001");
        _sut.LlmAccounts.Record(Used(Alice, Guild, 2));
        Assert.That(await _sut.LlmAccounts.QuotaExceededUntilAsync(Alice, Guild, default), Is.Not.Null);
    }
}
