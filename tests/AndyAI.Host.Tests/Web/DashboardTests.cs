using AndyAI.Host.Cogs.Loading;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Web;
using AndyAI.Host.Web.Dashboard;
using Microsoft.Extensions.Time.Testing;
using System.Text.RegularExpressions;

namespace AndyAI.Host.Tests.Web;

public sealed partial class DashboardTests
{
    [Test]
    public void DashboardToken_Configured_MatchesOnlyItself()
    {
        var token = new DashboardToken("a-long-dashboard-token");

        Assert.That(token.IsGenerated, Is.False);
        Assert.That(token.Matches("a-long-dashboard-token"), Is.True);
        Assert.That(token.Matches("a-long-dashboard-toke"), Is.False);
        Assert.That(token.Matches(""), Is.False);
        Assert.That(token.Matches(null), Is.False);
    }

    [Test]
    public void DashboardToken_Unset_IsGeneratedRandomAndLong()
    {
        var first = new DashboardToken(null);
        var second = new DashboardToken(null);

        Assert.That(first.IsGenerated, Is.True);
        Assert.That(first.Value, Has.Length.GreaterThanOrEqualTo(32));
        Assert.That(first.Value, Is.Not.EqualTo(second.Value));
        Assert.That(first.Matches(first.Value), Is.True);
    }

    [Test]
    public void Sessions_Expire_AfterTheirLifetime()
    {
        var time = new FakeTimeProvider();
        var sessions = new DashboardSessions(time);
        DashboardSession session = sessions.Create();

        time.Advance(DashboardSessions.Lifetime - TimeSpan.FromSeconds(1));
        Assert.That(sessions.Find(session.Id), Is.SameAs(session));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(sessions.Find(session.Id), Is.Null);
        Assert.That(sessions.Find("made-up"), Is.Null);
    }

    [Test]
    public void SameSecret_MissingOrDifferent_IsFalse()
    {
        Assert.That(DashboardSessions.SameSecret("abc", "abc"), Is.True);
        Assert.That(DashboardSessions.SameSecret("abc", "abd"), Is.False);
        Assert.That(DashboardSessions.SameSecret("", ""), Is.False);
        Assert.That(DashboardSessions.SameSecret(null, "abc"), Is.False);
    }

    [Test]
    public void MaskSettings_SecretLookingKeys_AreMaskedAtAnyDepth()
    {
        const string json = """
            { "cogs": { "X": { "settings": { "webhookToken": "tok-123456", "nested": { "apiKeys": ["k1-123456", "k2-123456"] }, "prompt": "kept" } } } }
            """;

        string masked = DashboardEndpoints.MaskSettings(json);

        Assert.That(masked, Does.Not.Contain("tok-123456").And.Not.Contain("k1-123456").And.Not.Contain("k2-123456"));
        Assert.That(masked, Does.Contain("\"prompt\": \"kept\""));
    }

    [Test]
    public void Pages_EncodeWhatTheyShow()
    {
        string html = DashboardPages.Refused("<script>alert(1)</script>");

        Assert.That(html, Does.Not.Contain("<script>alert(1)</script>"));
        Assert.That(html, Does.Contain("&lt;script&gt;"));
    }

    [Test]
    public void CogsPage_ShowsEachCogsManifest_Encoded_WithOnlyHttpLinks()
    {
        CogStatus[] cogs =
        [
            new("Dice", "Dice", CogState.Running, "2.0.0", DateTimeOffset.UnixEpoch, null, 0, null,
                Manifest: new CogManifest("Dice", "2.0.0", "1.3", "Rolls <dice>", "Ann & Bo", "https://example.invalid/dice")),
            new("Evil", "Evil", CogState.Running, "1.0.0", DateTimeOffset.UnixEpoch, null, 0, null,
                Manifest: new CogManifest("Evil", "1.0.0", "1.2", null, null, "javascript:alert(1)")),
            new("Bare", "Bare", CogState.Failed, null, null, "no cog type", 0, null),
        ];

        string page = DashboardPages.Cogs(cogs, "anti-forgery", outcome: null);

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("<th>About</th>"));
            Assert.That(page, Does.Contain("<td class=\"about\">Rolls &lt;dice&gt;<br><small>by Ann &amp; Bo</small><br><small><a href=\"https://example.invalid/dice\" rel=\"noopener noreferrer\">https://example.invalid/dice</a></small><br><small>contract 1.3</small></td>"));
            Assert.That(page, Does.Contain("<td class=\"about\"><small>javascript:alert(1)</small><br><small>contract 1.2</small></td>"), "shown, never a link");
            Assert.That(page, Does.Not.Contain("href=\"javascript"));
            Assert.That(page, Does.Contain("<td class=\"about\">–</td>"), "a cog that never loaded has no manifest");
        });
    }

    [TestCase("Running", "Reload,Unload")]
    [TestCase("Unloaded", "Load")]
    [TestCase("Failed", "Load,Unload")]
    [TestCase("Leaked", "Load")]
    [TestCase("Disabled", "")]
    public void CogsPage_OneProcess_OffersTheActionsThatApplyToTheState(string state, string expected)
    {
        string page = DashboardPages.Cogs([new("Dice", "Dice", Enum.Parse<CogState>(state), null, null, null, 0, null)], "af", outcome: null);

        Assert.That(string.Join(",", ButtonValue().Matches(page).Select(m => m.Groups[1].Value)), Is.EqualTo(expected));
    }

    [Test]
    public void CogsPage_SeveralProcesses_OffersEveryAction()
    {
        string page = DashboardPages.Cogs([new("Dice", "Dice", CogState.Running, null, null, null, 0, null)], "af", null, "2 processes:");

        Assert.That(string.Join(",", ButtonValue().Matches(page).Select(m => m.Groups[1].Value)), Is.EqualTo("Reload,Unload,Load"),
            "the other process's Dice may be stopped");
    }

    [GeneratedRegex("name=\"op\" value=\"(\\w+)\"")]
    private static partial Regex ButtonValue();

    [TestCase("""{ "cogs": { "Relay": { "settings": { "relayApiKey": "sk-live-SUPERSECRET-0042" } }, "bogus": 1 } }""", true)]
    [TestCase("""{ "cogs": { "Relay": { "settings": { "relayApiKey": "sk-live-SUPERSECRET-0042" } } """, false)]
    public void PluginsFileShown_InvalidFile_NeverShowsASecretInClear(string json, bool stillJson)
    {
        string path = Path.Combine(Path.GetTempPath(), $"andyai-dashboard-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            (string? text, string? error) = DashboardEndpoints.PluginsFileShown(path);

            Assert.That(error, Is.Not.Null, "the page says why the file is invalid");
            Assert.That(text ?? "", Does.Not.Contain("SUPERSECRET"));
            Assert.That(text, stillJson ? Does.Contain("\"relayApiKey\": \"***\"") : Is.Null, stillJson ? "masked, as a valid file is" : "not JSON: not shown at all");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void CogsPage_ListsACogsHttpRoutes_Encoded()
    {
        CogStatus[] cogs =
        [
            new("Hooks", "Hooks", CogState.Running, "1.0.0", DateTimeOffset.UnixEpoch, null, 0, null,
                HttpRoutes: ["POST /cogs/Hooks/github (anonymous)", "GET /cogs/Hooks/builds/{id}<x>"]),
            new("Quiet", "Quiet", CogState.Running, "1.0.0", DateTimeOffset.UnixEpoch, null, 0, null),
        ];

        string page = DashboardPages.Cogs(cogs, "af", outcome: null);

        Assert.That(page, Does.Contain("<br><small class=\"routes\">HTTP: POST /cogs/Hooks/github (anonymous), GET /cogs/Hooks/builds/{id}&lt;x&gt;</small>"));
        Assert.That(Regex.Count(page, "class=\"routes\""), Is.EqualTo(1), "a cog without routes shows none");
    }

    [Test]
    public void FormatBytes_InMebibytes_AsStatsShowsMemory()
    {
        Assert.That(DashboardPages.FormatBytes(3 * 1024 * 1024 / 2), Is.EqualTo("1.5 MiB"), "!stats says MiB for the same figure");
    }

    [Test]
    public void Cogs_WithEveryProcess_ShowsTheMergedReportEncoded()
    {
        string html = DashboardPages.Cogs([], "af", null, "2 processes:\n**bot-a** (this process):\n<Chat>: running");

        Assert.That(html, Does.Contain("<pre id=\"processes\">2 processes:"));
        Assert.That(html, Does.Contain("&lt;Chat&gt;: running"));
        Assert.That(DashboardPages.Cogs([], "af", null), Does.Not.Contain("id=\"processes\""), "one process: no such section");
    }

    [Test]
    public void Cogs_MergedReportAndOutcome_ShowDiscordsBoldAsStrong_NotAsAsterisks()
    {
        const string report = "2 processes:\n**bot-a** (this process):\n<Chat>: running\n**<b>x</b>**: odd\nan unpaired ** stays\n**open\nclosed**";

        string html = DashboardPages.Cogs([], "af", "**Dice** reloaded in 2 processes.", report);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<div class=\"outcome\" id=\"outcome\"><strong>Dice</strong> reloaded in 2 processes.</div>"));
            Assert.That(html, Does.Contain("<strong>bot-a</strong> (this process):"));
            Assert.That(html, Does.Contain("<strong>&lt;b&gt;x&lt;/b&gt;</strong>: odd"), "the bold text is encoded too");
            Assert.That(html, Does.Contain("an unpaired ** stays"));
            Assert.That(html, Does.Contain("**open"), "bold does not cross lines");
            Assert.That(html, Does.Not.Contain("**bot-a**"));
        });
    }
}
