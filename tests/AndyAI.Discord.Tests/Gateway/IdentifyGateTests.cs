using AndyAI.Discord.Gateway;
using AndyAI.Discord.Json;
using Microsoft.Extensions.Logging.Abstractions;
using AndyAI.Testing;

namespace AndyAI.Discord.Tests.Gateway;

public class IdentifyGateTests
{
    private readonly TimerCountingTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Test]
    public async Task WaitAsync_SameBucket_SecondIdentifyWaitsFiveSeconds_OtherBucketDoesNot()
    {
        var gate = new IdentifyGate(_time, NullLogger.Instance);
        gate.Update(new JsonSessionStartLimit { Total = 1000, Remaining = 1000, ResetAfter = 86_400_000, MaxConcurrency = 2 });
        await gate.WaitAsync(0, CancellationToken.None);

        Task otherBucket = gate.WaitAsync(1, CancellationToken.None).AsTask();
        Task sameBucket = gate.WaitAsync(2, CancellationToken.None).AsTask();
        await otherBucket.WaitAsync(TimeSpan.FromSeconds(15));
        bool sameBucketDoneEarly = sameBucket.IsCompleted;
        _time.Advance(IdentifyGate.BucketInterval);
        await sameBucket.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Multiple(() =>
        {
            Assert.That(sameBucketDoneEarly, Is.False);
            Assert.That(gate.Remaining, Is.EqualTo(997));
        });
    }

    [Test]
    public async Task WaitAsync_DailyBudgetSpent_WaitsForTheReset()
    {
        var gate = new IdentifyGate(_time, NullLogger.Instance);
        gate.Update(new JsonSessionStartLimit { Total = 1000, Remaining = 0, ResetAfter = 60_000, MaxConcurrency = 1 });

        int timers = _time.TimersCreated;
        Task waiting = gate.WaitAsync(0, CancellationToken.None).AsTask();
        await _time.WhenTimersCreatedAsync(timers + 1); // the gate waits on the clock now
        bool doneEarly = waiting.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(60));
        await waiting.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Multiple(() =>
        {
            Assert.That(doneEarly, Is.False);
            Assert.That(gate.Remaining, Is.EqualTo(999));
        });
    }
}
