using System.Globalization;
using AndyAI.Abstractions;

namespace AndyAI.Commands.Tests;

/// <summary>The one human duration format of replies, the dashboard and log lines (contract 1.7).</summary>
public sealed class DurationTextTests
{
    [TestCase(0, "0 s")]
    [TestCase(0.35, "350 ms")]
    [TestCase(5, "5 s")]
    [TestCase(10.5, "10.5 s")]
    [TestCase(19.8339663, "19.8 s")]
    [TestCase(59.99, "59.9 s")]
    [TestCase(60, "1 min")]
    [TestCase(245.2, "4 min 5 s")]
    [TestCase(900, "15 min")]
    [TestCase(3600, "1 h")]
    [TestCase(5400, "1 h 30 min")]
    [TestCase(5405, "1 h 30 min")]
    [TestCase(172800, "2 d")]
    [TestCase(187200, "2 d 4 h")]
    [TestCase(366 * 86400, "366 d")]
    [TestCase(-15, "-15 s")]
    public void Format_Values_ReadAsPeopleWriteThem(double seconds, string expected)
    {
        Assert.That(DurationText.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
    }

    [Test]
    public void Format_Extremes_DoNotThrow()
    {
        Assert.That(DurationText.Format(TimeSpan.MaxValue), Does.EndWith(" h").And.Contain(" d "));
        Assert.That(DurationText.Format(TimeSpan.MinValue), Does.StartWith("-"));
    }

    [Test]
    public void Format_ACultureWithADecimalComma_StillWritesAPoint()
    {
        // Globalization-invariant mode has no named cultures here: a clone with a comma is the same test.
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = comma;
        try
        {
            Assert.That(DurationText.Format(TimeSpan.FromSeconds(10.5)), Is.EqualTo("10.5 s"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
