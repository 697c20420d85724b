using System.Diagnostics.Metrics;
using AndyAI.Host.Statistics;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Statistics;

public sealed class BotStatisticsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public void Snapshot_Fresh_HasStartTimeAndTheFailureCountersAtZero()
    {
        using var statistics = new BotStatistics(_time);

        var snapshot = statistics.Snapshot();

        Assert.That(snapshot.StartedAt, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(snapshot.Counters, Is.EquivalentTo(Zeros()), "exported at 0 from the start, so alerts on increase() see zero");
        Assert.That(snapshot.Durations, Is.Empty);
    }

    private static Dictionary<string, long> Zeros(params (string Name, long Value)[] written)
    {
        var counters = new Dictionary<string, long>
        {
            ["mentions.answered"] = 0, ["mentions.failed"] = 0, ["ratelimit.denied"] = 0,
        };
        foreach ((string name, long value) in written) counters[name] = value;
        return counters;
    }

    [Test]
    public void Increment_SeveralTimes_Adds()
    {
        using var statistics = new BotStatistics(_time);

        statistics.Increment("messages.seen");
        statistics.Increment("messages.seen", 4);
        statistics.Increment("mentions.answered");

        Assert.That(statistics.Snapshot().Counters, Is.EquivalentTo(Zeros(("messages.seen", 5), ("mentions.answered", 1))));
    }

    [Test]
    public void Snapshot_ObservableCounterOfThisHost_IsReadAtSnapshotTime()
    {
        using var statistics = new BotStatistics(_time);
        long seen = 41;
        statistics.Meters.Create("AndyAI.Messages").CreateObservableCounter("andyai.messages.seen", () => seen);
        statistics.Increment("mentions.answered");

        var first = statistics.Snapshot();
        seen = 42;
        var second = statistics.Snapshot();

        Assert.That(first.Counters["messages.seen"], Is.EqualTo(41));
        Assert.That(second.Counters["messages.seen"], Is.EqualTo(42));
        Assert.That(second.Counters["mentions.answered"], Is.EqualTo(1));
    }

    [Test]
    public void Snapshot_InstrumentsOfAnotherHost_AreIgnored()
    {
        using var ours = new BotStatistics(_time);
        using var theirs = new BotStatistics(_time);

        theirs.Increment("mentions.answered", 5);
        theirs.RecordDuration("llm.latency", TimeSpan.FromSeconds(1));

        Assert.That(ours.Snapshot().Counters, Is.EquivalentTo(Zeros()));
        Assert.That(ours.Snapshot().Durations, Is.Empty);
    }

    [Test]
    public void Snapshot_TaggedCounter_IsSummedOverTags()
    {
        using var statistics = new BotStatistics(_time);
        statistics.Meters.Create("AndyAI.Llm").CreateObservableCounter("andyai.llm.tokens", () => new[]
        {
            new Measurement<long>(3, new KeyValuePair<string, object?>("direction", "input")),
            new Measurement<long>(4, new KeyValuePair<string, object?>("direction", "output")),
        });

        Assert.That(statistics.Snapshot().Counters["llm.tokens"], Is.EqualTo(7));
    }

    [Test]
    public void MeterFor_StatisticName_IsOneMeterPerArea()
    {
        Assert.That(BotStatistics.MeterFor("mentions.answered"), Is.EqualTo("AndyAI.Mentions"));
        Assert.That(BotStatistics.MeterFor("cogs.handler_errors"), Is.EqualTo("AndyAI.Cogs"));
        Assert.That(BotStatistics.MeterFor("plain"), Is.EqualTo("AndyAI.Plain"));
    }

    [Test]
    public void Increment_FromManyThreads_LosesNothing()
    {
        using var statistics = new BotStatistics(_time);

        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                statistics.Increment("n");
                statistics.RecordDuration("d", TimeSpan.FromMilliseconds(1));
            }
        });

        var snapshot = statistics.Snapshot();
        Assert.That(snapshot.Counters["n"], Is.EqualTo(80_000));
        Assert.That(snapshot.Durations["d"].Count, Is.EqualTo(80_000));
    }

    [Test]
    public void RecordDuration_UniformOneToThousandMs_PercentilesWithinSixPercent()
    {
        using var statistics = new BotStatistics(_time);
        for (int ms = 1; ms <= 1000; ms++)
        {
            statistics.RecordDuration("llm.latency", TimeSpan.FromMilliseconds(ms));
        }

        var summary = statistics.Snapshot().Durations["llm.latency"];

        Assert.That(summary.Count, Is.EqualTo(1000));
        Assert.That(summary.P50.TotalMilliseconds, Is.EqualTo(500).Within(6).Percent);
        Assert.That(summary.P95.TotalMilliseconds, Is.EqualTo(950).Within(6).Percent);
        Assert.That(summary.P99.TotalMilliseconds, Is.EqualTo(990).Within(6).Percent);
    }

    [Test]
    public void RecordDuration_SmallValues_AreExact()
    {
        using var statistics = new BotStatistics(_time);

        statistics.RecordDuration("tiny", TimeSpan.FromTicks(7 * TimeSpan.TicksPerMicrosecond));

        Assert.That(statistics.Snapshot().Durations["tiny"].P99, Is.EqualTo(TimeSpan.FromTicks(7 * TimeSpan.TicksPerMicrosecond)));
    }

    [Test]
    public void RecordDuration_HugeAndNegative_AreClampedNotThrown()
    {
        using var statistics = new BotStatistics(_time);

        statistics.RecordDuration("odd", TimeSpan.FromDays(365));
        statistics.RecordDuration("odd", TimeSpan.FromTicks(-5));

        var summary = statistics.Snapshot().Durations["odd"];
        Assert.That(summary.Count, Is.EqualTo(2));
        Assert.That(summary.P50, Is.EqualTo(TimeSpan.Zero));
        Assert.That(summary.P99, Is.GreaterThan(TimeSpan.FromDays(10)));
    }

    [Test]
    public void IndexOf_EveryBucket_RoundTripsThroughValueOf()
    {
        for (int index = 0; index < DurationHistogram.BucketCount; index++)
        {
            Assert.That(DurationHistogram.IndexOf(DurationHistogram.ValueOf(index)), Is.EqualTo(index), $"bucket {index}");
        }
    }
}
