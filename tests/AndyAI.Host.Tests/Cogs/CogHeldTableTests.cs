using AndyAI.Host.Cogs;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>The held-entry table behind the per-cog and per-job series: made at the first hold, gone at the last release.</summary>
public sealed class CogHeldTableTests
{
    [Test]
    public void Acquire_SameKeyIgnoringCase_SharesTheEntry_TheLastReleaseRemovesIt()
    {
        var table = new CogHeldTable<CogErrorTally>();

        CogErrorTally old = table.Acquire("Echo", static key => new CogErrorTally(key));
        CogErrorTally next = table.Acquire("echo", static key => new CogErrorTally(key));
        table.Release(old);
        int duringReload = table.Count;
        table.Release(next);

        Assert.Multiple(() =>
        {
            Assert.That(next, Is.SameAs(old), "a reload's instances share one entry, so the counts carry over");
            Assert.That(duringReload, Is.EqualTo(1));
            Assert.That(table.Count, Is.Zero);
        });
    }

    [Test]
    public void Release_OfAnEntryGoneAlready_LeavesTheKeysNewEntryAlone()
    {
        var table = new CogHeldTable<CogErrorTally>();
        CogErrorTally first = table.Acquire("Echo", static key => new CogErrorTally(key));
        table.Release(first);
        CogErrorTally loadedAgain = table.Acquire("Echo", static key => new CogErrorTally(key));

        table.Release(first); // a stray second release of the unloaded instance's entry

        Assert.That(table.Snapshot(), Is.EqualTo(new[] { loadedAgain }));
    }
}
