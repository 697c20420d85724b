using AndyAI.Abstractions.Jobs;
using AndyAI.Host.Cogs.Jobs;

namespace AndyAI.Host.Tests.Cogs.Jobs;

public sealed class JobTimetableTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 3, 10, TimeSpan.Zero);

    [Test]
    public void NextAfter_Interval_IsTheNextMultipleSinceTheEpoch()
    {
        JobTimetable sut = JobTimetable.Create(JobSchedule.Every(TimeSpan.FromMinutes(5)), Now);

        Assert.Multiple(() =>
        {
            Assert.That(sut.NextAfter(Now), Is.EqualTo(new DateTimeOffset(2026, 11, 26, 12, 5, 0, TimeSpan.Zero)));
            Assert.That(sut.NextAfter(new DateTimeOffset(2026, 11, 26, 12, 5, 0, TimeSpan.Zero)), Is.EqualTo(new DateTimeOffset(2026, 11, 26, 12, 10, 0, TimeSpan.Zero)), "strictly after a tick");
            // Another process's clock, in another offset, computes the same tick.
            Assert.That(sut.NextAfter(Now.ToOffset(TimeSpan.FromHours(5.5))), Is.EqualTo(new DateTimeOffset(2026, 11, 26, 12, 5, 0, TimeSpan.Zero)));
        });
    }

    [Test]
    public void NextAfter_CronInAZone_RunsAtThatZonesTime()
    {
        TimeZoneInfo berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        JobTimetable sut = JobTimetable.Create(JobSchedule.Cron("0 9 * * *", berlin), Now);

        // November: Berlin is UTC+1, so 09:00 there is 08:00 UTC, already past today.
        Assert.That(sut.NextAfter(Now)?.UtcDateTime, Is.EqualTo(new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc)));
    }

    [Test]
    public void NextAfter_SixFields_CountsSeconds()
    {
        JobTimetable sut = JobTimetable.Create(JobSchedule.Cron("*/20 * * * * *"), Now);

        Assert.That(sut.NextAfter(Now), Is.EqualTo(new DateTimeOffset(2026, 11, 26, 12, 3, 20, TimeSpan.Zero)));
    }

    [Test]
    public void NextAfter_Macro_IsUnderstood()
    {
        JobTimetable sut = JobTimetable.Create(JobSchedule.Cron("@hourly"), Now);

        Assert.That(sut.NextAfter(Now), Is.EqualTo(new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("61 * * * *")]
    [TestCase("every day")]
    [TestCase("* * * * * * *")]
    public void Create_CronThatDoesNotParse_ThrowsArgumentExceptionNamingIt(string expression)
    {
        var ex = Assert.Throws<ArgumentException>(() => JobTimetable.Create(JobSchedule.Cron(expression), Now));

        Assert.That(ex!.Message, Does.Contain(expression));
    }

    [TestCase(300, "every 5 min")]
    [TestCase(5400, "every 1 h 30 min")]
    [TestCase(90, "every 1 min 30 s")]
    public void ToString_Interval_ReadsAsPeopleReadDurations(int seconds, string expected) =>
        Assert.That(JobSchedule.Every(TimeSpan.FromSeconds(seconds)).ToString(), Is.EqualTo(expected));

    [Test]
    public void ToString_Cron_NamesTheExpressionAndZone() =>
        Assert.That(JobSchedule.Cron("0 9 * * *").ToString(), Is.EqualTo("cron 0 9 * * * (UTC)"));

    [Test]
    public void Every_ShorterThanASecondOrLongerThanAYear_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => JobSchedule.Every(TimeSpan.FromMilliseconds(999)));
            Assert.Throws<ArgumentOutOfRangeException>(() => JobSchedule.Every(TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => JobSchedule.Every(TimeSpan.FromDays(367)));
            Assert.That(JobSchedule.Every(JobSchedule.MinimumInterval).Interval, Is.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("emoji🙂")]
    [TestCase("a:b")]
    public void Validate_BadName_Throws(string name) =>
        Assert.That(() => JobNames.Validate(name), Throws.InstanceOf<ArgumentException>());

    [Test]
    public void Validate_TooLongName_Throws() =>
        Assert.Throws<ArgumentException>(() => JobNames.Validate(new string('a', JobNames.MaxLength + 1)));
}
