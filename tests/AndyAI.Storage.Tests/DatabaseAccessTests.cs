namespace AndyAI.Storage.Tests;

public sealed class DatabaseAccessTests
{
    [Test]
    public async Task RetryAsync_PassingFailure_RetriesWithDoublingDelaysOnTheClock()
    {
        await using StorageSut sut = await StorageSut.CreateAsync(DatabaseKind.Sqlite, o => { o.Retries = 2; o.RetryDelay = TimeSpan.FromSeconds(1); });
        int calls = 0;

        Task<int> run = sut.Access.RetryAsync("test", _ => ++calls < 3 ? throw new TimeoutException("busy") : Task.FromResult(calls), CancellationToken.None);
        await WaitUntilAsync(() => calls == 1);
        sut.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.That(calls, Is.EqualTo(1), "the first retry waits 1 s");
        sut.Time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => calls == 2);
        sut.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(await run, Is.EqualTo(3));
    }

    [Test]
    public async Task RetryAsync_AfterTheLastRetry_Throws_AndAFailureThatIsNotPassingIsNotRetried()
    {
        await using StorageSut sut = await StorageSut.CreateAsync(DatabaseKind.Sqlite, o => o.Retries = 0);
        int calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => sut.Access.RetryAsync<int>("test", _ => { calls++; throw new TimeoutException("busy"); }, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidCastException>(() => sut.Access.RetryAsync<int>("test", _ => { calls++; throw new InvalidCastException(); }, CancellationToken.None));

        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public async Task MarkUnavailable_SignalsTheOutageOnce_MarkAvailable_ArmsTheNextSignal()
    {
        await using StorageSut sut = await StorageSut.CreateAsync(DatabaseKind.Sqlite);
        Task first = sut.Access.WhenUnavailable;

        sut.Access.MarkUnavailable(new TimeoutException("down"));
        sut.Access.MarkUnavailable(new TimeoutException("still down"));
        bool signalled = first.IsCompleted;
        sut.Access.MarkAvailable(0);

        Assert.That(signalled, Is.True);
        Assert.That(sut.Access.IsAvailable, Is.True);
        Assert.That(sut.Access.WhenUnavailable.IsCompleted, Is.False);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "hang guard");
            await Task.Delay(5);
        }
    }
}
