using System.Diagnostics;
using System.Globalization;
using System.Text;
using AndyAI.BotBench;
using AndyAI.Cluster.Tests;
using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;

// Scale-out flood (issue 17): N bot processes (REDIS_URL, SHARD_COUNT=4, SHARD_IDS=any) share one bot's 4 shards
// through a real redis-server; the emulator floods one channel per shard (one guild per shard), one flood after the
// other, 1 in 1000 messages mentioning the bot. CPU per message is all processes' CPU during the floods over the
// messages, less what the closing !ping round trips cost; messages/s is messages over the wall time of the floods.
//   AndyAI.ClusterBench host=<AndyAI.Host.dll> cogs=<Plugins/> [processes=1,2,3] [shards=4] [count=40000]
// Prints one JSON-ish line per process count. With mode=roundtrips [mentions=20] it counts Redis commands per
// message instead (RoundTripsAsync), [pace_ms=0] apart.
var settings = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
string hostDll = Path.GetFullPath(settings["host"]);
string cogs = Path.GetFullPath(settings["cogs"]);
int[] processCounts = [.. settings.GetValueOrDefault("processes", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
int shards = int.Parse(settings.GetValueOrDefault("shards", "4"), CultureInfo.InvariantCulture);
int count = int.Parse(settings.GetValueOrDefault("count", "40000"), CultureInfo.InvariantCulture);

if (settings.GetValueOrDefault("mode") == "roundtrips")
{
    Console.WriteLine(await RoundTripsAsync(
        int.Parse(settings.GetValueOrDefault("mentions", "20"), CultureInfo.InvariantCulture),
        TimeSpan.FromMilliseconds(int.Parse(settings.GetValueOrDefault("pace_ms", "0"), CultureInfo.InvariantCulture))));
    return 0;
}

foreach (int processes in processCounts)
{
    Console.WriteLine(await RunAsync(processes));
}

return 0;

// Redis commands per message (issue 17: 0 per ignored message, <= 4 per answered mention), counted from a MONITOR
// connection: one bot process with REDIS_URL on one shard; N mentions with new prompts (the model is asked), N with
// a prompt answered before (this process's memory), 100 plain messages; pace_ms waits between two mentions.
// Background commands (lease renewals, presence, the REST prepay) are counted over an idle window of the same bot
// and subtracted by rate.
async Task<string> RoundTripsAsync(int mentionCount, TimeSpan pace)
{
    string root = Directory.CreateTempSubdirectory("andyai-roundtrips-").FullName;
    await using RedisServer redis = await RedisServer.StartAsync();
    await using DiscordEmulator discord = await DiscordEmulator.StartAsync(new EmulatorOptions { EnforceRestRateLimits = false });
    await using OpenAiFakeServer llm = await OpenAiFakeServer.StartAsync(new OpenAiFakeOptions { Responder = _ => "benchmark answer" });
    string home = Path.Combine(root, "bot");
    Directory.CreateDirectory(Path.Combine(home, "logs"));
    CopyCogs(home);
    BotProcess bot = BotProcess.Start(hostDll, home, BotEnvironment(discord, llm, redis, home, "roundtrips", shardCount: 1, leaseTtl: "00:01:00"), Path.Combine(home, "bot"));
    try
    {
        ulong channel = discord.DefaultChannelId;
        await PingAsync(discord, channel, TimeSpan.FromSeconds(90));
        await MentionAsync(discord, channel, "warm-up question");
        await using RedisMonitor monitor = await RedisMonitor.StartAsync(redis.Port);
        await monitor.MarkAsync();

        var idle = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(21)); // at least one lease renewal (every 20 s)
        IReadOnlyList<string> idleCommands = await monitor.MarkAsync();
        double idleSeconds = idle.Elapsed.TotalSeconds;

        (IReadOnlyList<string> ping, double pingSeconds) = await MeasureAsync(monitor, () => PingAsync(discord, channel, TimeSpan.FromSeconds(30)));
        (IReadOnlyList<string> plain, double plainSeconds) = await MeasureAsync(monitor, async () =>
        {
            for (int i = 0; i < 100; i++) await discord.PostMessageAsync(discord.AliceUserId, channel, "just chatting " + i);
            await PingAsync(discord, channel, TimeSpan.FromSeconds(30));
        });
        int llmBefore = llm.ChatRequestCount;
        (IReadOnlyList<string> asked, double askedSeconds) = await MeasureAsync(monitor, async () =>
        {
            for (int i = 0; i < mentionCount; i++)
            {
                await MentionAsync(discord, channel, "new question " + i);
                await Task.Delay(pace);
            }
        });
        int modelCalls = llm.ChatRequestCount - llmBefore;
        llmBefore = llm.ChatRequestCount;
        (IReadOnlyList<string> cached, double cachedSeconds) = await MeasureAsync(monitor, async () =>
        {
            for (int i = 0; i < mentionCount; i++)
            {
                await MentionAsync(discord, channel, "new question 0");
                await Task.Delay(pace);
            }
        });
        int cachedModelCalls = llm.ChatRequestCount - llmBefore;

        double rate(string category) => idleCommands.Count(c => Category(c) == category) / idleSeconds;
        string perMessage(IReadOnlyList<string> commands, double seconds, int messages, IReadOnlyList<string>? less = null)
        {
            var parts = new List<string>();
            double total = 0;
            foreach (string category in new[] { "session", "buckets", "cache", "rest", "background" })
            {
                double n = commands.Count(c => Category(c) == category) - (less?.Count(c => Category(c) == category) ?? 0) - (rate(category) * seconds);
                n = Math.Max(0, n) / messages;
                total += category == "background" ? 0 : n;
                parts.Add($"\"{category}\":{n:0.00}");
            }

            return $"{{\"per_message\":{total:0.00},{string.Join(',', parts)}}}";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"idle_commands_per_second\":{idleCommands.Count / idleSeconds:0.00},\"idle\":\"{string.Join("; ", idleCommands.GroupBy(Category).Select(g => g.Key + " " + g.Count()))} in {idleSeconds:0.0} s\","
            + $"\"ignored\":{perMessage(plain, plainSeconds - pingSeconds, 100, ping)},"
            + $"\"mention_model_asked\":{perMessage(asked, askedSeconds, mentionCount)},\"model_calls\":{modelCalls},"
            + $"\"mention_cached\":{perMessage(cached, cachedSeconds, mentionCount)},\"cached_model_calls\":{cachedModelCalls},"
            + $"\"mentions\":{mentionCount},\"pace_ms\":{pace.TotalMilliseconds:0},\"seconds\":{askedSeconds:0.0},\"rest_seen\":\"{string.Join("; ", asked.Where(c => Category(c) == "rest").GroupBy(c => c).Select(g => g.Key + " ×" + g.Count()))}\",\"background_seen\":\"{string.Join("; ", asked.Concat(cached).Where(c => Category(c) == "background").Distinct())}\","
            + $"\"first_mention\":\"{string.Join("; ", asked.Take(5))}\"}}");
    }
    finally
    {
        await bot.DisposeAsync();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

static async Task<(IReadOnlyList<string> Commands, double Seconds)> MeasureAsync(RedisMonitor monitor, Func<Task> step)
{
    var watch = Stopwatch.StartNew();
    await step();
    IReadOnlyList<string> commands = await monitor.MarkAsync();
    return (commands, watch.Elapsed.TotalSeconds);
}

static async Task MentionAsync(DiscordEmulator discord, ulong channel, string prompt)
{
    EmulatorMessage mention = await discord.PostMessageAsync(discord.OwnerUserId, channel, $"<@{discord.BotUserId}> {prompt}");
    await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == mention.Id, TimeSpan.FromSeconds(30));
}

// What a command is for, from its first key (RedisMonitor: "evalsha 2 andyai:shard:1:0:lease", "get andyai:…").
static string Category(string command)
{
    string[] words = command.Split(' ');
    string key = words[^1];
    if (command.StartsWith("eval", StringComparison.Ordinal) && words.Length == 3 && words[1] == "2" && key.EndsWith(":lease", StringComparison.Ordinal)) return "session";
    if (key.Contains(":rl:", StringComparison.Ordinal)) return "buckets";
    if (key.Contains(":flight:", StringComparison.Ordinal) || key.Contains(":cache:", StringComparison.Ordinal)) return "cache";
    if (key.Contains(":rest:", StringComparison.Ordinal)) return "rest";
    return "background";
}

Dictionary<string, string> BotEnvironment(DiscordEmulator discord, OpenAiFakeServer llm, RedisServer redis, string home, string name, int shardCount, string leaseTtl) => new()
{
    ["DISCORD_API_TOKEN"] = discord.BotToken,
    ["DISCORD_API_BASE_URL"] = discord.RestBaseUrl,
    ["OPENAI_API_KEY"] = "bench-fake-key",
    ["OPENAI_BASE_URL"] = llm.BaseUrl.ToString(),
    ["OPENAI_MODEL"] = "gpt-4o-mini",
    ["PLUGINS_CONFIG"] = Path.Combine(home, "plugins.json"),
    ["LOG_LEVEL"] = "Warning",
    ["LOG_FILE"] = Path.Combine(home, "logs", "andyai.log"),
    ["Plugins__ShadowCopyDirectory"] = Path.Combine(home, "shadow"),
    ["HTTP_ADDRESS"] = "off",
    ["Discord__GlobalRequestsPerSecond"] = "100000",
    ["REDIS_URL"] = redis.Url,
    ["SHARD_COUNT"] = shardCount.ToString(CultureInfo.InvariantCulture),
    ["SHARD_IDS"] = "any",
    ["INSTANCE_NAME"] = name,
    ["Cluster__LeaseTtl"] = leaseTtl,
};

async Task<string> RunAsync(int processes)
{
    string root = Directory.CreateTempSubdirectory("andyai-clusterbench-").FullName;
    await using RedisServer redis = await RedisServer.StartAsync();
    await using DiscordEmulator discord = await DiscordEmulator.StartAsync(new EmulatorOptions
    {
        EnforceRestRateLimits = false,
        MessageRateLimit = 1_000_000,
        DefaultRateLimit = 1_000_000,
        GlobalRateLimitPerSecond = 1_000_000,
        MaxRecordedFrames = 200_000,
        MaxRecordedRequests = 200_000,
        MaxConcurrency = shards,
        RecommendedShards = shards,
    });
    await using OpenAiFakeServer llm = await OpenAiFakeServer.StartAsync(new OpenAiFakeOptions { Responder = _ => "benchmark answer" });

    // One guild and channel per shard: a guild's shard is (guild_id >> 22) % shards, its id's millisecond.
    var channels = new ulong[shards];
    var found = new bool[shards];
    while (found.Any(f => !f))
    {
        ulong guild = discord.CreateGuild("bench guild");
        int shard = (int)((guild >> 22) % (ulong)shards);
        if (!found[shard])
        {
            found[shard] = true;
            channels[shard] = discord.CreateTextChannel(guild, "flood");
            discord.AddMember(guild, discord.OwnerUserId);
        }

        Thread.Sleep(1);
    }

    var bots = new List<BotProcess>();
    try
    {
        for (int i = 0; i < processes; i++)
        {
            string home = Path.Combine(root, "bot" + i);
            Directory.CreateDirectory(Path.Combine(home, "logs"));
            CopyCogs(home);
            bots.Add(BotProcess.Start(hostDll, home, BotEnvironment(discord, llm, redis, home, "bench-" + i, shards, "00:00:03"), Path.Combine(home, "bot")));
        }

        // Every shard answers (its owner runs it): a !ping per channel, asked until answered.
        var started = Stopwatch.StartNew();
        foreach (ulong channel in channels)
        {
            await PingAsync(discord, channel, TimeSpan.FromSeconds(90));
        }

        double readySeconds = started.Elapsed.TotalSeconds;
        // Give a late joiner time to take its fair share, then warm every shard's path (mention answered, cached).
        await Task.Delay(TimeSpan.FromSeconds(4));
        foreach (ulong channel in channels)
        {
            EmulatorMessage warm = await discord.PostMessageAsync(discord.OwnerUserId, channel, $"<@{discord.BotUserId}> flood message");
            await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == warm.Id, TimeSpan.FromSeconds(30));
        }

        await Task.Delay(1500);
        TimeSpan pingCpu = Cpu(bots);
        foreach (ulong channel in channels)
        {
            await PingAsync(discord, channel, TimeSpan.FromSeconds(30));
        }

        pingCpu = Cpu(bots) - pingCpu;
        TimeSpan cpuStart = Cpu(bots);
        long wallStart = Stopwatch.GetTimestamp();
        long sent = 0, mentions = 0;
        foreach (ulong channel in channels)
        {
            FloodResult flood = await discord.FloodAsync(new FloodOptions { Count = count / shards, MentionEvery = 1000, AuthorCount = 1000, ChannelId = channel, Content = "flood message" });
            sent += flood.Sent;
            mentions += flood.Mentions;
        }

        // The gateway is ordered per shard: a !ping's answer in each channel means that shard read its whole flood.
        foreach (ulong channel in channels)
        {
            await PingAsync(discord, channel, TimeSpan.FromMinutes(5));
        }

        TimeSpan wall = Stopwatch.GetElapsedTime(wallStart);
        TimeSpan cpu = Cpu(bots) - cpuStart;
        string perProcess = string.Join(", ", bots.Select(b => Math.Round(b.CpuTime().TotalSeconds, 2).ToString(CultureInfo.InvariantCulture) + " s"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"processes\":{processes},\"shards\":{shards},\"messages\":{sent},\"mentions\":{mentions},\"ready_s\":{readySeconds:0.0},"
            + $"\"cpu_ms\":{cpu.TotalMilliseconds:0},\"marginal_cpu_us_per_message\":{(cpu - pingCpu).TotalMicroseconds / sent:0.00},"
            + $"\"messages_per_second\":{sent / wall.TotalSeconds:0},\"process_cpu_total\":\"{perProcess}\",\"load_average\":\"{LoadAverage()}\"}}");
    }
    finally
    {
        foreach (BotProcess bot in bots)
        {
            await bot.DisposeAsync();
        }

        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

void CopyCogs(string home)
{
    BenchCogs.CopyTo(cogs, home);

    const string Bucket = "{ \"capacity\": 1000000, \"tokensPerPeriod\": 1000000, \"periodSeconds\": 1 }";
    var json = new StringBuilder();
    json.Append("{\n  \"pluginsDirectory\": \"plugins\",\n  \"dataDirectory\": \"data\",\n  \"watch\": false,\n");
    json.Append("  \"loadOrder\": [\"Utility\", \"MessageHandler\"],\n  \"cogs\": {\n");
    json.Append("    \"Utility\": { \"enabled\": true, \"settings\": { \"cooldownSeconds\": 0 } },\n");
    json.Append(CultureInfo.InvariantCulture, $"    \"MessageHandler\": {{ \"enabled\": true, \"settings\": {{ \"userRateLimit\": {Bucket}, \"guildRateLimit\": {Bucket} }} }}\n");
    json.Append("  }\n}\n");
    File.WriteAllText(Path.Combine(home, "plugins.json"), json.ToString());
}

static async Task PingAsync(DiscordEmulator discord, ulong channel, TimeSpan within)
{
    DateTime deadline = DateTime.UtcNow + within;
    while (true)
    {
        EmulatorMessage ping = await discord.PostMessageAsync(discord.OwnerUserId, channel, "!ping");
        try
        {
            await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == ping.Id, TimeSpan.FromSeconds(3));
            return;
        }
        catch (TimeoutException) when (DateTime.UtcNow < deadline)
        {
            // The shard is not run by anyone yet: ask again.
        }
    }
}

static TimeSpan Cpu(List<BotProcess> bots) => bots.Aggregate(TimeSpan.Zero, (sum, bot) => sum + bot.CpuTime());

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
