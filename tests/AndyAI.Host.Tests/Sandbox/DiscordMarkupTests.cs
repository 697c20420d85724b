using AndyAI.Host.Sandbox;

namespace AndyAI.Host.Tests.Sandbox;

public sealed class DiscordMarkupTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<ulong, string> Names = new()
    {
        [10] = "general",
        [20] = "Moderators",
        [30] = "alice",
    };

    private static string Render(string content) => DiscordMarkup.Render(content, id => Names.GetValueOrDefault(id), Now, TimeZoneInfo.Utc);

    [TestCase("channels: <#10> <#11>", "channels: #general #unknown")]
    [TestCase("roles: <@&20>, ask <@30> or <@!30>", "roles: @Moderators, ask @alice or @alice")]
    [TestCase("nobody: <@99> <@&98>", "nobody: @unknown-user @unknown-role")]
    [TestCase("no markup <here> or <@x> or <t:abc>", "no markup <here> or <@x> or <t:abc>")]
    [TestCase("`code` and **bold** stay", "`code` and **bold** stay")]
    public void Render_Mentions_AsTheClientShowsThem(string content, string expected)
    {
        Assert.That(Render(content), Is.EqualTo(expected));
    }

    [TestCase("<t:1796688000:R> (<t:1796688000:t>)", "in 10 hours (00:00)")]
    [TestCase("<t:1796688000:T> <t:1796688000:d> <t:1796688000:D>", "00:00:00 08/12/2026 8 December 2026")]
    [TestCase("<t:1796688000> / <t:1796688000:F>", "8 December 2026 00:00 / Tuesday, 8 December 2026 00:00")]
    [TestCase("<t:1796652030:R>", "in 30 seconds")]
    [TestCase("<t:1796565600:R>", "1 day ago")]
    [TestCase("<t:1765112400:R>", "1 year ago")]
    public void Render_Timestamps_InEachStyle(string content, string expected)
    {
        Assert.That(Render(content), Is.EqualTo(expected));
    }

    [Test]
    public void Render_Timestamp_InTheReadersTimeZone()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");

        Assert.That(DiscordMarkup.Render("<t:1796688000:t>", _ => null, Now, plusTwo), Is.EqualTo("02:00"));
    }
}
