using AndyAI.Abstractions;

namespace AndyAI.Commands.Tests;

// AndyAI.Abstractions has no test project of its own; the dispatcher is the tracker's first user in the host.
public sealed class InFlightTrackerTests
{
    [Test]
    public void WhenIdleAsync_NothingRunning_CompletesAtOnce()
    {
        var tracker = new InFlightTracker();

        Assert.That(tracker.WhenIdleAsync().IsCompleted, Is.True);
    }

    [Test]
    public void WhenIdleAsync_TwoRunning_CompletesOnlyAfterBothExit()
    {
        var tracker = new InFlightTracker();
        tracker.TryEnter();
        tracker.TryEnter();

        Task idle = tracker.WhenIdleAsync();
        tracker.Exit();
        bool afterOne = idle.IsCompleted;
        tracker.Exit();

        Assert.That(afterOne, Is.False);
        Assert.That(idle.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(tracker.Count, Is.Zero);
    }

    [Test]
    public async Task CloseAndWaitAsync_RefusesNewWorkAndWaitsForRunningWork()
    {
        var tracker = new InFlightTracker();
        tracker.TryEnter();

        Task closing = tracker.CloseAndWaitAsync();
        bool enteredAfterClose = tracker.TryEnter();
        bool doneWhileRunning = closing.IsCompleted;
        tracker.Exit();
        await closing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(enteredAfterClose, Is.False);
        Assert.That(doneWhileRunning, Is.False);
        Assert.That(tracker.IsClosed, Is.True);
    }

    [Test]
    public void CloseAndWaitAsync_TokenCancelled_StopsWaitingButNotTheWork()
    {
        var tracker = new InFlightTracker();
        tracker.TryEnter();
        using var deadline = new CancellationTokenSource();

        Task closing = tracker.CloseAndWaitAsync(deadline.Token);
        deadline.Cancel();

        Assert.That(async () => await closing, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(tracker.Count, Is.EqualTo(1));
    }

    [Test]
    public void Exit_MoreThanEntered_Throws()
    {
        var tracker = new InFlightTracker();

        Assert.Throws<InvalidOperationException>(tracker.Exit);
    }
}
