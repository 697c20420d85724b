using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;
using AndyAI.Storage.Tests;

namespace AndyAI.EndToEnd.Tests.Faults;

/// <summary>
/// The PostgreSQL server behind DATABASE_URL stops while the bot runs: the bot keeps answering without memory, says so
/// once in the log, in !stats and in /readyz, and stores what it held once the server is back.
/// </summary>
[TestFixture]
internal sealed class DatabaseOutageTests
{
    [Test]
    public async Task ServerStopsAndComesBack_AnswersGoOn_StatsSaySo_HeldTurnsAreStored()
    {
        await using PostgresCluster cluster = await PostgresCluster.StartAsync();
        var setup = new BotSetup();
        setup.Environment["DATABASE_URL"] = cluster.Url(await cluster.CreateDatabaseAsync());
        setup.Environment["Storage__ProbeInterval"] = "00:00:00.200";
        setup.Settings["Utility"] = """{ "cooldownSeconds": 0 }""";
        setup.Environment["HTTP_ADDRESS"] = BotSetup.ListenerAddress;
        await using BotHarness bot = await BotHarness.StartAsync(setup);
        Uri readyz = new(await bot.ListenerAddressAsync(), "readyz");
        using var http = new HttpClient();
        ulong channel = bot.NewChannel("outage");
        ulong alice = bot.Discord.AliceUserId;

        await cluster.StopServerAsync();
        EmulatorMessage during;
        IReadOnlyList<EmulatorMessage> duringAnswer;
        string statsDuring;
        (int Status, string Body) readyDuring;
        try
        {
            during = await bot.PostAsync(alice, channel, $"{bot.Mention} asked while the database is down");
            duringAnswer = await bot.WaitForAnswerAsync(during.Id, "echo: asked while the database is down");
            await bot.WaitForLogLineAsync(l => l.Contains("is unavailable", StringComparison.Ordinal) && l.Contains("answers without memory", StringComparison.Ordinal));
            statsDuring = await bot.CommandAsync(alice, channel, "!stats");
            using HttpResponseMessage ready = await http.GetAsync(readyz);
            readyDuring = ((int)ready.StatusCode, await ready.Content.ReadAsStringAsync());
        }
        finally
        {
            await cluster.StartServerAsync();
        }

        string back = await bot.WaitForLogLineAsync(l => l.Contains("is back;", StringComparison.Ordinal));
        EmulatorMessage reply = await bot.PostAsync(alice, channel, $"{bot.Mention} and after it came back?", replyTo: duringAnswer[0].Id);
        await bot.WaitForAnswerAsync(reply.Id, "echo: and after it came back?");
        string statsAfter = await bot.CommandAsync(alice, channel, "!stats");
        using HttpResponseMessage readyAfter = await http.GetAsync(readyz);

        Assert.Multiple(() =>
        {
            Assert.That(statsDuring, Does.Contain("Conversation memory: **off**: the database is unavailable"));
            Assert.That(back, Does.Contain("1 turn(s) held during the outage were stored"));
            Assert.That(bot.Llm.Requests.Last(r => r.Chat?.LastUserMessage == "and after it came back?").Chat!.Messages.Where(m => m.Role != "system").Select(m => m.Content),
                Is.EqualTo(new[] { "asked while the database is down", "echo: asked while the database is down", "and after it came back?" }),
                "the turn held during the outage was stored and continues its conversation");
            Assert.That(statsAfter, Does.Contain("Conversation memory: on"));
            Assert.That(readyDuring.Status, Is.EqualTo(503), readyDuring.Body);
            Assert.That(readyDuring.Body, Does.Contain("database: PostgreSQL ").And.Contain(" unreachable (answering without memory)"));
            Assert.That((int)readyAfter.StatusCode, Is.EqualTo(200));
        });
        Assert.That(File.ReadLines(bot.LogFile).Count(l => l.Contains("is unavailable", StringComparison.Ordinal)), Is.EqualTo(1), "the outage is logged once");
    }
}
