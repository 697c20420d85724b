using AndyAI.Abstractions.Storage;
using AndyAI.Storage.Accounts;

namespace AndyAI.Storage.Tests;

/// <summary>Token usage and guild/user settings (migration 2), on both engines.</summary>
[TestFixtureSource(typeof(Engines), nameof(Engines.All))]
public sealed class AccountsTests(DatabaseKind kind)
{
    private StorageSut _sut = null!;

    [SetUp]
    public async Task SetUpAsync() => _sut = await StorageSut.StartAsync(kind);

    [TearDown]
    public async Task TearDownAsync() => await _sut.DisposeAsync();

    [Test]
    public async Task Usage_AddsUpPerDayUserGuildAndModel_AndSumsPerUserAndPerGuild()
    {
        long today = Accounts.Accounts.DayOf(_sut.Time.GetUtcNow());
        await _sut.Accounts.AddUsageAsync(new UsageRow(today, 1, 100, "gpt-4o-mini", 1, 10, 5), default);
        await _sut.Accounts.AddUsageAsync(new UsageRow(today, 1, 100, "gpt-4o-mini", 1, 20, 7), default);
        await _sut.Accounts.AddUsageAsync(new UsageRow(today, 1, null, "gpt-4.1", 1, 3, 3), default);
        await _sut.Accounts.AddUsageAsync(new UsageRow(today, 2, 100, "gpt-4o-mini", 1, 1000, 1), default);
        await _sut.Accounts.AddUsageAsync(new UsageRow(today - 1, 1, 100, "gpt-4o-mini", 1, 500, 500), default);

        Assert.That(await _sut.Accounts.UserTokensAsync(today, 1, default), Is.EqualTo(10 + 5 + 20 + 7 + 3 + 3));
        Assert.That(await _sut.Accounts.GuildTokensAsync(today, 100, default), Is.EqualTo(10 + 5 + 20 + 7 + 1000 + 1));
        Assert.That(await _sut.Accounts.UserTokensAsync(today, 3, default), Is.Zero);
        Assert.That(await _sut.Accounts.UsageOfUserAsync(1, default), Is.EqualTo(new[]
        {
            new UsageRow(today - 1, 1, 100, "gpt-4o-mini", 1, 500, 500),
            new UsageRow(today, 1, null, "gpt-4.1", 1, 3, 3),
            new UsageRow(today, 1, 100, "gpt-4o-mini", 2, 30, 12),
        }));
    }

    [Test]
    public async Task Settings_RoundTripPerGuildAndUser_AndReplace()
    {
        await _sut.Accounts.SetSettingsAsync(SettingsScope.Guild, 100, """{"model":"a"}""", default);
        await _sut.Accounts.SetSettingsAsync(SettingsScope.Guild, 100, """{"model":"b"}""", default);
        await _sut.Accounts.SetSettingsAsync(SettingsScope.Guild, 200, """{"model":"c"}""", default);
        await _sut.Accounts.SetSettingsAsync(SettingsScope.User, 100, """{"language":"fr"}""", default);

        Assert.That(await _sut.Accounts.GetSettingsAsync(SettingsScope.Guild, 100, default), Is.EqualTo("""{"model":"b"}"""));
        Assert.That(await _sut.Accounts.GetSettingsAsync(SettingsScope.User, 100, default), Is.EqualTo("""{"language":"fr"}"""));
        Assert.That(await _sut.Accounts.GetSettingsAsync(SettingsScope.User, 200, default), Is.Null);
        Assert.That((await _sut.Accounts.AllGuildSettingsAsync(default)).OrderBy(g => g.GuildId), Is.EqualTo(new[] { (100UL, """{"model":"b"}"""), (200UL, """{"model":"c"}""") }));
    }

    [Test]
    public async Task DeleteUser_RemovesTheirUsageAndSettings_AndNobodyElses()
    {
        long today = Accounts.Accounts.DayOf(_sut.Time.GetUtcNow());
        await _sut.Accounts.AddUsageAsync(new UsageRow(today, 1, 100, "m", 1, 1, 1), default);
        await _sut.Accounts.AddUsageAsync(new UsageRow(today, 2, 100, "m", 1, 1, 1), default);
        await _sut.Accounts.SetSettingsAsync(SettingsScope.User, 1, "{}", default);
        await _sut.Accounts.SetSettingsAsync(SettingsScope.User, 2, "{}", default);

        int deleted = await _sut.Accounts.DeleteUserAsync(1, default);

        Assert.That(deleted, Is.EqualTo(2));
        Assert.That(await _sut.Accounts.UsageOfUserAsync(1, default), Is.Empty);
        Assert.That(await _sut.Accounts.GetSettingsAsync(SettingsScope.User, 1, default), Is.Null);
        Assert.That(await _sut.Accounts.UsageOfUserAsync(2, default), Has.Count.EqualTo(1));
        Assert.That(await _sut.Accounts.GetSettingsAsync(SettingsScope.User, 2, default), Is.Not.Null);
    }

    [Test]
    public async Task Purge_DeletesUsageOfDaysPastTheRetention_KeepsRecentDays()
    {
        long today = Accounts.Accounts.DayOf(_sut.Time.GetUtcNow());
        long old = today - (long)_sut.Options.Retention.TotalDays - 2;
        await _sut.Accounts.AddUsageAsync(new UsageRow(old, 1, 100, "m", 1, 1, 1), default);
        await _sut.Accounts.AddUsageAsync(new UsageRow(today, 1, 100, "m", 1, 1, 1), default);

        await _sut.Service.PurgeAsync(CancellationToken.None);

        Assert.That((await _sut.Accounts.UsageOfUserAsync(1, default)).Select(r => r.Day), Is.EqualTo(new[] { today }));
    }

    [Test]
    public void DayBoundaries_AreMidnightUtc()
    {
        var lateEvening = new DateTimeOffset(2026, 12, 1, 23, 59, 59, TimeSpan.Zero);

        long day = Accounts.Accounts.DayOf(lateEvening);

        Assert.That(Accounts.Accounts.EndOfDay(day), Is.EqualTo(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(Accounts.Accounts.DayOf(lateEvening.AddSeconds(1)), Is.EqualTo(day + 1));
    }

    [Test]
    public async Task DuringAnOutage_CallsFailFast_WithStorageUnavailable()
    {
        _sut.Access.MarkUnavailable(new InvalidOperationException("down for the test"));

        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await _sut.Accounts.UserTokensAsync(1, 1, default));
    }
}
