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
// Prints one JSON-ish line per process count.
var settings = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
string hostDll = Path.GetFullPath(settings["host"]);
string cogs = Path.GetFullPath(settings["cogs"]);
int[] processCounts = [.. settings.GetValueOrDefault("processes", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
int shards = int.Parse(settings.GetValueOrDefault("shards", "4"), CultureInfo.InvariantCulture);
int count = int.Parse(settings.GetValueOrDefault("count", "40000"), CultureInfo.InvariantCulture);

foreach (int processes in processCounts)
{
    Console.WriteLine(await RunAsync(processes));
}

return 0;

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
            bots.Add(BotProcess.Start(hostDll, home, new Dictionary<string, string>
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
                ["SHARD_COUNT"] = shards.ToString(CultureInfo.InvariantCulture),
                ["SHARD_IDS"] = "any",
                ["INSTANCE_NAME"] = "bench-" + i,
                ["Cluster__LeaseTtl"] = "00:00:03",
            }, Path.Combine(home, "bot")));
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
    foreach (string cog in new[] { "MessageHandler", "Utility" })
    {
        string target = Path.Combine(home, "plugins", cog);
        Directory.CreateDirectory(target);
        string release = Path.Combine(cogs, cog, "bin", "Release", "net10.0");
        foreach (string file in Directory.EnumerateFiles(Directory.Exists(release) ? release : Path.Combine(cogs, cog)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

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
