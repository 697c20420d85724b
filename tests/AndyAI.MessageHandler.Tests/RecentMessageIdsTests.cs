namespace AndyAI.Cogs.MessageHandler.Tests;

public sealed class RecentMessageIdsTests
{
    [Test]
    public void TryAdd_SameIdTwice_SecondIsRefused()
    {
        var recent = new RecentMessageIds(4);

        Assert.That(recent.TryAdd(1), Is.True);
        Assert.That(recent.TryAdd(1), Is.False);
    }

    [Test]
    public void TryAdd_BeyondCapacity_ForgetsTheOldest()
    {
        var recent = new RecentMessageIds(2);
        recent.TryAdd(1);
        recent.TryAdd(2);
        recent.TryAdd(3);

        Assert.That(recent.TryAdd(1), Is.True);
        Assert.That(recent.TryAdd(3), Is.False);
    }
}
