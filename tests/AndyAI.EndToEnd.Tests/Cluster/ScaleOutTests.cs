using System.Globalization;
using AndyAI.Cluster.Tests;
using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Cluster;

/// <summary>
/// Issue 17's end-to-end test: three bot processes (real OS processes) share one bot of four shards through a real
/// redis-server, against the emulator with a guild on every shard.
/// </summary>
[NonParallelizable]
public sealed class ScaleOutTests
{
    private const int Shards = 4;
    // Long enough for three hosts starting at once on two cores; every wait below ends as soon as its condition holds.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private RedisServer _redis = null!;
    private DiscordEmulator _discord = null!;
    private OpenAiFakeServer _llm = null!;
    private readonly List<BotProcess> _bots = [];
    private readonly Dictionary<int, (ulong Guild, ulong Channel)> _places = [];
    private readonly List<ulong> _questions = [];
    private ulong _admin;

    [SetUp]
    public async Task SetUp()
    {
        _redis = await RedisServer.StartAsync();
        // One identify bucket per shard, so four shards need not wait 5 s each.
        _discord = await DiscordEmulator.StartAsync(new EmulatorOptions { MaxConcurrency = Shards, RecommendedShards = Shards });
        _llm = await OpenAiFakeServer.StartAsync(new OpenAiFakeOptions());
        _admin = _discord.CreateUser("cluster-admin");
        for (int i = 0; _places.Count < Shards; i++)
        {
            ulong guild = _discord.CreateGuild("guild " + i);
            int shard = (int)((guild >> 22) % Shards);
            if (_places.ContainsKey(shard)) continue;
            ulong channel = _discord.CreateTextChannel(guild, "general");
            _discord.AddMember(guild, _admin);
            _places[shard] = (guild, channel);
        }
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (BotProcess bot in _bots) await bot.DisposeAsync();
        await _llm.DisposeAsync();
        await _discord.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Test]
    public async Task ThreeProcesses_ShareShardsCacheLimitsAndAdmin_AndSurviveAKillAndARedisRestart()
    {
        var setup = new BotSetup();
        // A user may ask 3 times an hour: enough for every step below with a fresh user each, and a limit to cross.
        setup.Settings["MessageHandler"] = BotSetup.MessageHandlerSettings(userRateLimit: """{ "capacity": 3, "tokensPerPeriod": 1, "periodSeconds": 3600 }""");
        var environment = new Dictionary<string, string>
        {
            ["DISCORD_API_TOKEN"] = _discord.BotToken,
            ["DISCORD_API_BASE_URL"] = _discord.RestBaseUrl,
            ["OPENAI_API_KEY"] = "e2e-test-key",
            ["OPENAI_BASE_URL"] = _llm.BaseUrl.ToString(),
            ["OPENAI_MODEL"] = "gpt-4o-mini",
            ["ADMIN_USER_IDS"] = _admin.ToString(CultureInfo.InvariantCulture),
            ["LOG_LEVEL"] = "Information",
            ["REDIS_URL"] = _redis.Url,
            ["SHARD_COUNT"] = Shards.ToString(CultureInfo.InvariantCulture),
            ["SHARD_IDS"] = "any",
            // Short leases so the kill below fails over in seconds.
            ["Cluster__LeaseTtl"] = "00:00:03",
            ["Cluster__AdminReplyTimeout"] = "00:00:10",
        };
        foreach (string name in new[] { "bot-a", "bot-b", "bot-c" }) _bots.Add(BotProcess.Start(name, setup, environment));

        // Every shard runs, on exactly one process.
        Dictionary<BotProcess, IReadOnlyList<int>> held = await WaitForShardsAsync(_bots);
        Assert.That(held.Values.SelectMany(s => s).Order(), Is.EqualTo(Enumerable.Range(0, Shards)), Describe(held));

        // 1. A mention in every shard's guild is answered (once: checked at the end, after everything else ran).
        for (int shard = 0; shard < Shards; shard++) await AskAsync(NewUser(shard), shard, $"hello from shard {shard}");

        // 2. The same prompt in two shards on two processes costs one model call: the second is served from Redis.
        (int first, int second) = TwoShardsOnDifferentProcesses(held);
        await AskAsync(NewUser(first), first, "what is a token bucket");
        int calls = _llm.ChatRequestCount;
        await AskAsync(NewUser(second), second, "what is a token bucket");
        Assert.That(_llm.ChatRequestCount, Is.EqualTo(calls), "the second process answered from the shared cache");

        // 3. A user's limit (3 an hour) holds across processes: the fourth question, wherever it lands, is refused.
        ulong limited = _discord.CreateUser("limited");
        foreach (int shard in Enumerable.Range(0, Shards)) _discord.AddMember(_places[shard].Guild, limited);
        for (int i = 0; i < 3; i++) await AskAsync(limited, i % 2 == 0 ? first : second, $"limited question {i}");
        string refused = await AskAsync(limited, second, "limited question 3");
        Assert.That(refused, Does.StartWith("You're asking too quickly"));

        // 4. !reload from one process reloads the cog in all three, and the reply lists all three. A new build is
        // deployed first (a changed revision file in the cog's folder of every process: its fingerprint changes;
        // plugins.json "watch" is off, so nothing reloads before the command), so each process really reloads.
        foreach (BotProcess bot in _bots)
        {
            await File.WriteAllTextAsync(Path.Combine(bot.Root, "plugins", "MessageHandler", "revision.txt"), "e2e build 2\n");
        }

        string reload = await AskAsync(_admin, first, "!reload MessageHandler");
        Assert.That(reload, Does.StartWith("3 processes:"), reload);
        string[] sections = reload.Split("**", StringSplitOptions.None);
        foreach (BotProcess bot in _bots)
        {
            // The reply is "**name** …: MessageHandler: reloaded in N ms" per process, in any order.
            int at = Array.IndexOf(sections, bot.Name);
            Assert.That(at, Is.GreaterThan(0), reload);
            Assert.That(sections[at + 1], Does.Contain("MessageHandler: reloaded in "), $"{bot.Name} reloaded: {reload}");
        }

        Assert.That(reload.Split('\n').Count(l => l.StartsWith("MessageHandler: reloaded in ", StringComparison.Ordinal)), Is.EqualTo(3), reload);
        string cogs = await AskAsync(_admin, second, "!cogs");
        Assert.That(cogs, Does.StartWith("3 processes:"), cogs);

        // 5. kill -9 of a process with shards: they resume on the others, and a mention there is answered.
        BotProcess victim = held.First(h => h.Value.Count > 0).Key;
        int orphan = held[victim][0];
        long resumedBefore = _discord.Frames.Count(f => f.Direction == FrameDirection.Sent && f.EventName == "RESUMED");
        long killedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        await victim.KillAsync();
        ulong afterKill = NewUser(orphan);
        ulong question = (await _discord.PostMessageAsync(afterKill, _places[orphan].Channel, $"{Mention} are you still there")).Id;
        _questions.Add(question);
        await _discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == question, Guard);
        // A measurement for docs/benchmarks.md, not an assertion: kill -9 → the mention sent meanwhile is answered.
        TestContext.Progress.WriteLine($"failover: {System.Diagnostics.Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s with a 3 s lease");
        Assert.That(_discord.Frames.Count(f => f.Direction == FrameDirection.Sent && f.EventName == "RESUMED"), Is.GreaterThan(resumedBefore),
            "the orphaned shards were resumed, not identified afresh");
        List<BotProcess> survivors = [.. _bots.Where(b => b != victim)];
        held = await WaitForShardsAsync(survivors);
        Assert.That(held.Values.SelectMany(s => s).Order(), Is.EqualTo(Enumerable.Range(0, Shards)), Describe(held));

        // 6. Redis stops (and comes back empty): no crash, every mention still answered once, by the shard's holder.
        await _redis.StopAsync();
        await WaitUntilAsync(async () => (await Task.WhenAll(survivors.Select(b => b.ClusterStateAsync()))).All(s => s == "unreachable"));
        for (int shard = 0; shard < Shards; shard++) await AskAsync(NewUser(shard), shard, $"alone in shard {shard}");
        await _redis.StartAgainAsync();
        await WaitUntilAsync(async () => (await Task.WhenAll(survivors.Select(b => b.ClusterStateAsync()))).All(s => s == "connected"));
        for (int shard = 0; shard < Shards; shard++) await AskAsync(NewUser(shard), shard, $"together again in shard {shard}");
        held = await WaitForShardsAsync(survivors);
        Assert.That(held.Values.SelectMany(s => s).Order(), Is.EqualTo(Enumerable.Range(0, Shards)), Describe(held));
        Assert.That(survivors.Where(b => b.HasExited).Select(b => b.Name), Is.Empty);

        foreach (ulong asked in _questions)
        {
            Assert.That(_discord.BotMessages.Count(m => m.ReferencedMessageId == asked), Is.EqualTo(1), $"question {asked} was answered exactly once");
        }
    }

    private string Mention => $"<@{_discord.BotUserId}>";

    private ulong NewUser(int shard)
    {
        ulong user = _discord.CreateUser("user-" + Guid.NewGuid().ToString("N")[..8]);
        _discord.AddMember(_places[shard].Guild, user);
        return user;
    }

    /// <summary>Posts in <paramref name="shard"/>'s guild (a mention, or a command as is) and returns the first reply's text once it is complete.</summary>
    private async Task<string> AskAsync(ulong user, int shard, string text)
    {
        string content = text.StartsWith('!') ? text : $"{Mention} {text}";
        EmulatorMessage question = await _discord.PostMessageAsync(user, _places[shard].Channel, content);
        if (!text.StartsWith('!')) _questions.Add(question.Id);
        await _discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == question.Id, Guard);
        // Streaming edits the reply until complete; the echo fake's answer ends with the prompt's last word.
        string last = text.Split(' ')[^1];
        using var timeout = new CancellationTokenSource(Guard);
        while (true)
        {
            EmulatorMessage reply = _discord.BotMessages.First(m => m.ReferencedMessageId == question.Id);
            if (text.StartsWith('!') || reply.Content.Contains(last, StringComparison.Ordinal) || reply.Content.StartsWith("You're asking too quickly", StringComparison.Ordinal))
            {
                return reply.Content;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private static (int First, int Second) TwoShardsOnDifferentProcesses(Dictionary<BotProcess, IReadOnlyList<int>> held)
    {
        BotProcess[] withShards = [.. held.Where(h => h.Value.Count > 0).Select(h => h.Key)];
        Assert.That(withShards, Has.Length.GreaterThanOrEqualTo(2), "at least two processes hold shards");
        return (held[withShards[0]][0], held[withShards[1]][0]);
    }

    private async Task<Dictionary<BotProcess, IReadOnlyList<int>>> WaitForShardsAsync(List<BotProcess> bots)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (true)
        {
            var held = new Dictionary<BotProcess, IReadOnlyList<int>>();
            foreach (BotProcess bot in bots)
            {
                if (bot.HasExited) Assert.Fail($"{bot.Name} exited:\n{bot.Output}");
                held[bot] = await bot.ReadyShardsAsync();
            }

            // Settled: every shard held once, and spread (rebalancing hands a process's shards beyond its fair share to
            // one that has fewer, e.g. when one process claimed them all before the others were live).
            List<int> all = [.. held.Values.SelectMany(s => s)];
            int share = (Shards + bots.Count - 1) / bots.Count;
            if (all.Count == Shards && all.Distinct().Count() == Shards && held.Values.All(s => s.Count <= share)) return held;
            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the shards did not settle on {bots.Count} processes: {Describe(held)}\n{string.Join("\n", bots.Select(b => b.Name + ":\n" + b.Output))}");
            }
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!await condition()) await Task.Delay(100, timeout.Token);
    }

    private static string Describe(Dictionary<BotProcess, IReadOnlyList<int>> held) =>
        string.Join("; ", held.Select(h => $"{h.Key.Name}: [{string.Join(',', h.Value)}]"));
}
