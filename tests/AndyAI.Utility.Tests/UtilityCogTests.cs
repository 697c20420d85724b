using AndyAI.Abstractions;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Llm;
using AndyAI.Cogs.Utility;
using AndyAI.Utility.Tests.Fakes;

namespace AndyAI.Utility.Tests;

public class UtilityCogTests
{
    private static async Task<(UtilityCog Cog, FakeCogContext Context)> StartAsync(string settings = "{}")
    {
        var context = TestContexts.Create(settings);
        var cog = new UtilityCog();
        await cog.StartAsync(context, CancellationToken.None);
        return (cog, context);
    }

    private static async Task<string> RunAsync(FakeCogContext context, string name)
    {
        var invocation = new FakeCommandContext { InvokedAs = name };
        await context.FakeCommands[name].Handler(invocation, CancellationToken.None);
        return invocation.Replies.Single();
    }

    [Test]
    public async Task StartAsync_RegistersPingUptimeStatsWithDefaultCooldown()
    {
        (_, FakeCogContext context) = await StartAsync();

        Assert.That(context.FakeCommands.Added.Select(command => command.Name), Is.EqualTo(new[] { "ping", "uptime", "stats" }));
        Assert.That(context.FakeCommands.Added, Has.All.Property("Cooldown").EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(context.FakeCommands.Added, Has.All.Property("OwnerOnly").False);
    }

    [Test]
    public async Task StartAsync_CooldownZero_RegistersNoCooldown()
    {
        (_, FakeCogContext context) = await StartAsync("""{ "cooldownSeconds": 0 }""");

        Assert.That(context.FakeCommands.Added, Has.All.Property("Cooldown").Null);
    }

    [TestCase("""{ "cooldownSeconds": -1 }""", "cooldownSeconds")]
    [TestCase("""{ "cooldownSeconds": "soon" }""", "cooldownSeconds")]
    [TestCase("""{ "coolDown": 3 }""", "coolDown")]
    public async Task StartAsync_InvalidSettings_FailsNamingTheKey(string settings, string key)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new UtilityCog().StartAsync(TestContexts.Create(settings), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("Utility settings are invalid").And.Contain(key));
    }

    [Test]
    public async Task Ping_ReportsGatewayAndRestLatency()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.Bot.GatewayLatency = TimeSpan.FromMilliseconds(42);

        string reply = await RunAsync(context, "ping");

        Assert.That(reply, Is.EqualTo("Pong! Gateway heartbeat: 42 ms · REST round trip: 87 ms"));
    }

    [Test]
    public async Task Ping_SlowLatencies_ReadAsTheHostWritesDurations()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.Bot.GatewayLatency = TimeSpan.FromSeconds(75);
        context.Bot.RestLatency = () => Task.FromResult(TimeSpan.FromMilliseconds(1500));

        string reply = await RunAsync(context, "ping");

        Assert.That(reply, Is.EqualTo($"Pong! Gateway heartbeat: {DurationText.Format(TimeSpan.FromSeconds(75))} · REST round trip: 1.5 s"));
        Assert.That(reply, Does.Contain("1 min 15 s"));
    }

    [Test]
    public async Task Ping_BeforeFirstHeartbeatAndRestFailing_SaysSo()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.Bot.RestLatency = () => Task.FromException<TimeSpan>(new DiscordApiException(503, 0, "unavailable"));

        string reply = await RunAsync(context, "ping");

        Assert.That(reply, Is.EqualTo("Pong! Gateway heartbeat: not measured yet · REST round trip: failed (HTTP 503)"));
    }

    [Test]
    public async Task Uptime_ReportsHostUptimeAndCogLoadTime()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.Clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(2));

        string reply = await RunAsync(context, "uptime");

        Assert.That(reply, Is.EqualTo("Up 1 h 4 min, since 2026-11-26 08:00:00 UTC. This Utility cog was loaded 4 min 2 s ago."));
    }

    [Test]
    public async Task Stats_ReadsTheDocumentedCountersCacheAndLatency()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.FakeStatistics.Counters["messages.seen"] = 12345;
        context.FakeStatistics.Counters["mentions.answered"] = 321;
        context.FakeStatistics.Counters["mentions.failed"] = 4;
        context.FakeStatistics.Counters["commands.invoked"] = 17;
        context.FakeStatistics.Counters["ratelimit.denied"] = 9;
        context.FakeStatistics.DurationSummaries["llm.latency"] = new DurationSummary(321, TimeSpan.FromMilliseconds(812), TimeSpan.FromMilliseconds(2430), TimeSpan.FromSeconds(4));
        context.FakeCache.Statistics = new ResponseCacheStatistics(Hits: 120, Misses: 33, Entries: 40, Bytes: 12_595, Evictions: 0);

        string[] lines = (await RunAsync(context, "stats")).Split('\n');

        Assert.That(lines[0], Is.EqualTo("**Stats** since 2026-11-26 08:00:00 UTC (up 1 h)"));
        Assert.That(lines[1], Is.EqualTo("Messages seen: 12,345 · mentions answered: 321 (4 failed) · commands run: 17"));
        Assert.That(lines[2], Is.EqualTo("Rate-limit denials: 9"));
        Assert.That(lines[3], Is.EqualTo("Cache: 78.4 % hit rate (120 hits / 153 lookups), 40 entries, 12.3 KiB"));
        Assert.That(lines[4], Is.EqualTo("LLM latency: p50 812 ms · p95 2.4 s (321 calls)"));
        Assert.That(lines[5], Does.Match(@"^Memory: [\d.]+ (B|KiB|MiB) working set · [\d.]+ (B|KiB|MiB) managed heap · GC \d+/\d+/\d+ \(gen 0/1/2\)$"));
    }

    [Test]
    public async Task Stats_NothingRecordedYet_ShowsZerosAndNoLatency()
    {
        (_, FakeCogContext context) = await StartAsync();

        string reply = await RunAsync(context, "stats");

        Assert.That(reply, Does.Contain("Messages seen: 0 · mentions answered: 0 (0 failed)").And.Contain("LLM latency: no calls yet").And.Contain("0.0 % hit rate"));
    }

    [Test]
    public void Format_OneOfEach_ReadsInTheSingular()
    {
        var durations = new Dictionary<string, DurationSummary> { ["llm.latency"] = new(1, TimeSpan.FromMilliseconds(209), TimeSpan.FromMilliseconds(209), TimeSpan.FromMilliseconds(209)) };
        var counters = new Dictionary<string, long> { ["storage.available"] = 0, ["storage.backlog"] = 1, ["cluster.available"] = 1, ["cluster.processes"] = 1 };
        var statistics = new BotStatisticsSnapshot(DateTimeOffset.UnixEpoch, counters, durations);

        string[] lines = StatsReport.Format(statistics, new ResponseCacheStatistics(1, 0, 1, 310, 0), new StatsReport.Memory(1, 1, 0, 0, 0), DateTimeOffset.UnixEpoch).Split('\n');

        Assert.That(lines[3], Is.EqualTo("Cache: 100.0 % hit rate (1 hit / 1 lookup), 1 entry, 310 B"));
        Assert.That(lines[4], Is.EqualTo("LLM latency: p50 209 ms · p95 209 ms (1 call)"));
        Assert.That(lines[^2], Does.EndWith("answering without memory, 1 turn held until it is back"));
        Assert.That(lines[^1], Is.EqualTo("Cluster: 1 process shares this bot through Redis"));
    }

    [TestCase(1, 0, "Conversation memory: on")]
    [TestCase(0, 1234, "Conversation memory: **off**: the database is unavailable; answering without memory, 1,234 turns held until it is back")]
    public void Format_StorageCounters_SayWhetherMemoryIsOn(long available, long backlog, string expected)
    {
        var counters = new Dictionary<string, long> { ["storage.available"] = available, ["storage.backlog"] = backlog };
        var statistics = new BotStatisticsSnapshot(DateTimeOffset.UnixEpoch, counters, new Dictionary<string, DurationSummary>());

        string report = StatsReport.Format(statistics, new ResponseCacheStatistics(0, 0, 0, 0, 0), new StatsReport.Memory(1, 1, 0, 0, 0), DateTimeOffset.UnixEpoch);

        Assert.That(report.Split('\n')[^1], Is.EqualTo(expected));
    }

    [Test]
    public void Format_MemoryFigures_AreShownInMiB()
    {
        var statistics = new BotStatisticsSnapshot(DateTimeOffset.UnixEpoch, new Dictionary<string, long>(), new Dictionary<string, DurationSummary>());

        string report = StatsReport.Format(statistics, new ResponseCacheStatistics(0, 0, 0, 0, 0), new StatsReport.Memory(88_290_000, 22_330_000, 12, 3, 1), DateTimeOffset.UnixEpoch);

        Assert.That(report, Does.EndWith("Memory: 84.2 MiB working set · 21.3 MiB managed heap · GC 12/3/1 (gen 0/1/2)"));
    }

    [Test]
    public async Task StopAsync_ThenCommand_FailsClearly()
    {
        (UtilityCog cog, FakeCogContext context) = await StartAsync();
        await cog.StopAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await RunAsync(context, "ping"));

        Assert.That(error!.Message, Does.Contain("not started"));
    }

    [Test]
    public void Cog_HasNoStaticMutableState()
    {
        var mutableStatics = typeof(UtilityCog).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(field => !field.IsLiteral && !field.IsInitOnly && !field.Name.StartsWith('<') && !field.DeclaringType!.Name.StartsWith('<')) // compiler-made delegate caches
            .Select(field => $"{field.DeclaringType!.Name}.{field.Name}");

        Assert.That(mutableStatics, Is.Empty);
    }

    [Test]
    public async Task StartAsync_DeclaresSlashPingAndStats()
    {
        (_, FakeCogContext context) = await StartAsync();

        // /help is the host's (HelpSlashCommand in AndyAI.Host.Tests), so turning Utility off never takes it away.
        Assert.That(context.FakeInteractions.Commands.Select(command => command.Name), Is.EqualTo(new[] { "ping", "stats" }));
        Assert.That(context.FakeInteractions.Commands, Has.All.Property("OwnerOnly").False);
    }

    [Test]
    public async Task SlashPing_RepliesPubliclyWithWhatBangPingSays()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.Bot.GatewayLatency = TimeSpan.FromMilliseconds(42);
        var interaction = new FakeInteractionContext { CommandName = "ping" };

        await context.FakeInteractions["ping"].Handler(interaction, CancellationToken.None);

        (string how, InteractionReply reply) = interaction.Replies.Single();
        Assert.That(how, Is.EqualTo("reply"));
        Assert.That(reply.Content, Is.EqualTo(await RunAsync(context, "ping")));
        Assert.That(reply.Ephemeral, Is.False);
    }

    [TestCase(null, true)]
    [TestCase(false, true)]
    [TestCase(true, false)]
    public async Task SlashStats_PrivateUnlessAskedPublic(bool? asPublic, bool ephemeral)
    {
        (_, FakeCogContext context) = await StartAsync();
        var interaction = new FakeInteractionContext { CommandName = "stats" };
        if (asPublic is { } value) interaction.Options["public"] = value;

        await context.FakeInteractions["stats"].Handler(interaction, CancellationToken.None);

        InteractionReply reply = interaction.Replies.Single().Reply;
        Assert.That(reply.Ephemeral, Is.EqualTo(ephemeral));
        Assert.That(reply.Content, Does.StartWith("**Stats** since"));
    }

    [TestCase("ping")]
    [TestCase("stats")]
    public async Task SlashCommand_AgainWithinTheCooldown_IsRefusedPrivately_InTheWordsOfThePrefixOne(string name)
    {
        (_, FakeCogContext context) = await StartAsync();
        var first = new FakeInteractionContext { CommandName = name };
        var second = new FakeInteractionContext { CommandName = name };
        var otherUser = new FakeInteractionContext { CommandName = name, User = new DiscordUser(1002, "bob", IsBot: false) };

        await context.FakeInteractions[name].Handler(first, CancellationToken.None);
        context.Clock.Advance(TimeSpan.FromSeconds(2.5));
        await context.FakeInteractions[name].Handler(second, CancellationToken.None);
        await context.FakeInteractions[name].Handler(otherUser, CancellationToken.None);

        InteractionReply refusal = second.Replies.Single().Reply;
        Assert.That(refusal.Content, Is.EqualTo($"`/{name}` is cooling down: try again in 3 s."));
        Assert.That(refusal.Ephemeral, Is.True);
        Assert.That(otherUser.Replies.Single().Reply.Content, Does.Not.Contain("cooling down"), "the cooldown is per user");
    }

    [Test]
    public async Task SlashPing_AfterTheCooldown_AnswersAgain()
    {
        (_, FakeCogContext context) = await StartAsync();
        await context.FakeInteractions["ping"].Handler(new FakeInteractionContext { CommandName = "ping" }, CancellationToken.None);
        var again = new FakeInteractionContext { CommandName = "ping" };

        context.Clock.Advance(TimeSpan.FromSeconds(5));
        await context.FakeInteractions["ping"].Handler(again, CancellationToken.None);

        Assert.That(again.Replies.Single().Reply.Content, Does.StartWith("Pong!"));
    }

    [Test]
    public async Task SlashPing_CooldownZero_NeverRefuses()
    {
        (_, FakeCogContext context) = await StartAsync("""{ "cooldownSeconds": 0 }""");
        var second = new FakeInteractionContext { CommandName = "ping" };

        await context.FakeInteractions["ping"].Handler(new FakeInteractionContext { CommandName = "ping" }, CancellationToken.None);
        await context.FakeInteractions["ping"].Handler(second, CancellationToken.None);

        Assert.That(second.Replies.Single().Reply.Content, Does.StartWith("Pong!"));
    }

    [Test]
    public void SlashCooldowns_ManyExpiredEntries_AreSweptAsTheTableGrows()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var cooldowns = new SlashCooldowns(clock, TimeSpan.FromSeconds(5));
        for (ulong user = 0; user < 1023; user++)
        {
            cooldowns.TryEnter("ping", user, out _);
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        cooldowns.TryEnter("ping", 5000, out _);

        Assert.That(cooldowns.Count, Is.EqualTo(1));
    }

    [Test]
    public void Name_IsUtility()
    {
        Assert.That(new UtilityCog().Name, Is.EqualTo("Utility"));
    }
}
