using AndyAI.Host.Admin;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Admin;

public sealed class ApplicationBotOwnersTests
{
    private FakeTimeProvider _time = null!;
    private int _fetches;
    private Func<IReadOnlyList<ulong>> _owners = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _fetches = 0;
        _owners = () => [100, 101];
    }

    [Test]
    public async Task IsOwnerAsync_ConfiguredAdmin_IsOwnerWithoutAFetch()
    {
        using ApplicationBotOwners sut = CreateSut(admins: [5]);

        Assert.That(await sut.IsOwnerAsync(5, CancellationToken.None), Is.True);
        Assert.That(_fetches, Is.Zero);
    }

    [Test]
    public async Task IsOwnerAsync_ApplicationOwnerOrTeamMember_IsOwner()
    {
        using ApplicationBotOwners sut = CreateSut();

        Assert.That(await sut.IsOwnerAsync(101, CancellationToken.None), Is.True);
        Assert.That(await sut.IsOwnerAsync(7, CancellationToken.None), Is.False);
        Assert.That(_fetches, Is.EqualTo(1), "the owners are cached");
    }

    [Test]
    public async Task IsOwnerAsync_AfterTheCacheLifetime_FetchesAgain()
    {
        using ApplicationBotOwners sut = CreateSut();
        await sut.IsOwnerAsync(7, CancellationToken.None);
        _owners = () => [7];

        _time.Advance(ApplicationBotOwners.CacheLifetime + TimeSpan.FromSeconds(1));

        Assert.That(await sut.IsOwnerAsync(7, CancellationToken.None), Is.True);
        Assert.That(_fetches, Is.EqualTo(2));
    }

    [Test]
    public async Task IsOwnerAsync_FetchFails_ConfiguredAdminsStillWorkAndItRetriesLater()
    {
        _owners = () => throw new HttpRequestException("down");
        using ApplicationBotOwners sut = CreateSut(admins: [5]);

        Assert.That(await sut.IsOwnerAsync(100, CancellationToken.None), Is.False);
        Assert.That(await sut.IsOwnerAsync(5, CancellationToken.None), Is.True);
        _owners = () => [100];
        Assert.That(await sut.IsOwnerAsync(100, CancellationToken.None), Is.False, "not retried before the retry delay");
        _time.Advance(ApplicationBotOwners.RetryAfterFailure + TimeSpan.FromSeconds(1));

        Assert.That(await sut.IsOwnerAsync(100, CancellationToken.None), Is.True);
    }

    private ApplicationBotOwners CreateSut(ulong[]? admins = null) => new(
        _ =>
        {
            _fetches++;
            return Task.FromResult(_owners());
        },
        admins ?? [],
        _time,
        NullLogger.Instance);
}
