namespace AndyAI.EndToEnd.Tests.Web;

public sealed class PrometheusTextTests
{
    [Test]
    public void Parse_WellFormed_ReadsSamplesLabelsAndTypes()
    {
        const string text = "# HELP a_total Things.\n# TYPE a_total counter\na_total{k=\"v\\\"x\",z=\"1\"} 3\na_total 4 1700000000000\n" +
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.5\nh_count 2\n";

        PrometheusText.Exposition exposition = PrometheusText.Parse(text);

        Assert.That(exposition.Sum("a_total"), Is.EqualTo(7));
        Assert.That(exposition.Samples[0].Labels["k"], Is.EqualTo("v\"x"));
        Assert.That(exposition.Types["h"], Is.EqualTo("histogram"));
        Assert.That(exposition.Sum("h_count"), Is.EqualTo(2));
    }

    [TestCase("a b\n", TestName = "Parse_ValueNotANumber_Throws")]
    [TestCase("1a 2\n", TestName = "Parse_NameStartsWithDigit_Throws")]
    [TestCase("a{k=\"v} 1\n", TestName = "Parse_UnterminatedLabel_Throws")]
    [TestCase("a{k=\"v\",k=\"w\"} 1\n", TestName = "Parse_DuplicateLabel_Throws")]
    [TestCase("a 1\n# TYPE a counter\n", TestName = "Parse_TypeAfterSamples_Throws")]
    [TestCase("# TYPE a counter\n# TYPE a gauge\n", TestName = "Parse_SecondType_Throws")]
    [TestCase("a 1", TestName = "Parse_NoFinalLineFeed_Throws")]
    [TestCase("a{k=\"\\t\"} 1\n", TestName = "Parse_BadEscape_Throws")]
    public void Parse_Malformed_Throws(string text) =>
        Assert.That(() => PrometheusText.Parse(text), Throws.TypeOf<FormatException>());
}
