using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AndyAI.BotBench;
using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;

// Whole-bot benchmarks (issue 8). The real host (AndyAI.Host.dll, Release) runs as a child process with the
// MessageHandler and Utility cogs against an in-process Discord emulator and OpenAI fake on 127.0.0.1.
//   AndyAI.BotBench <flood|latency|reload|idle> host=<AndyAI.Host.dll> cogs=<folder with MessageHandler/ and Utility/>
//                   [count=50000] [authors=1000] [mentions=10000] [warmup=2000] [rate=1000] [reloads=200]
//                   [env=NAME=VALUE ...]  (extra environment for the bot process, e.g. env=DOTNET_GCgen0size=0x400000)
//                   [smaps=<file>] [end_smaps=<file>]  (copies of /proc/<pid>/smaps after READY / after the scenario)
//                   [hold=<seconds>] [end_hold=<seconds>]  (keep the bot running that long after READY / after the
//                   scenario, for dotnet-dump or perf to attach to)
//                   [cpu=1]  (pin the bot to these CPUs with taskset; run the harness itself under taskset -c 0)
// Each run prints one JSON line on stdout: idle RSS after READY with the cogs running, plus the scenario's numbers.
if (args is ["micro", ..])
{
    // BenchmarkDotNet: AndyAI.BotBench micro --filter '*' --job short
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(AndyAI.BotBench.Micro.MessageCreateFilterBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

if (args.Length < 1 || args[0] is not ("flood" or "latency" or "reload" or "idle" or "interactions"))
{
    Console.Error.WriteLine("usage: AndyAI.BotBench <flood|latency|reload|idle|interactions> host=<AndyAI.Host.dll> cogs=<dir> [count=] [authors=] [mentions=] [warmup=] [rate=] [reloads=] [env=NAME=VALUE]");
    return 2;
}

string mode = args[0];
var settings = new Dictionary<string, string>(StringComparer.Ordinal);
var extraEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (string arg in args.Skip(1))
{
    int eq = arg.IndexOf('=', StringComparison.Ordinal);
    if (eq <= 0) throw new ArgumentException($"expected name=value, got '{arg}'");
    string name = arg[..eq], value = arg[(eq + 1)..];
    if (name == "env")
    {
        int eq2 = value.IndexOf('=', StringComparison.Ordinal);
        if (eq2 <= 0) throw new ArgumentException($"expected env=NAME=VALUE, got '{arg}'");
        extraEnvironment[value[..eq2]] = value[(eq2 + 1)..];
    }
    else
    {
        settings[name] = value;
    }
}

string hostDll = Path.GetFullPath(Required("host"));
string cogs = Path.GetFullPath(Required("cogs"));
int count = Int("count", 50_000);
int authors = Int("authors", 1000);
int mentions = Int("mentions", 10_000);
int warmup = Int("warmup", 2000);
int rate = Int("rate", 1000);
int reloads = Int("reloads", 200);

string root = Path.Combine(Path.GetTempPath(), "andyai-botbench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(Path.Combine(root, "logs"));
BenchCogs.CopyTo(cogs, root);

string pluginsJson = Path.Combine(root, "plugins.json");
WritePluginsJson(maxPromptLength: 4000);

// Discord's own limits would throttle a benchmark at 1,000 replies/s: lift the emulator's per-route buckets (the
// bot still learns them from the headers) and the cog's per-user/per-guild buckets.
await using DiscordEmulator discord = await DiscordEmulator.StartAsync(new EmulatorOptions
{
    EnforceRestRateLimits = false,
    MessageRateLimit = 1_000_000,
    DefaultRateLimit = 1_000_000,
    GlobalRateLimitPerSecond = 1_000_000,
    MaxRecordedFrames = 200_000,
    MaxRecordedRequests = 200_000,
});
await using OpenAiFakeServer llm = await OpenAiFakeServer.StartAsync(new OpenAiFakeOptions
{
    Responder = _ => "A monad is a monoid in the category of endofunctors. (benchmark answer, served by the OpenAI fake)",
});

ulong controlChannel = discord.CreateTextChannel(discord.DefaultGuildId, "bench-control");
ulong[] users = new ulong[Math.Max(1, authors)];
if (mode is "latency" or "interactions")
{
    for (int i = 0; i < users.Length; i++)
    {
        users[i] = discord.CreateUser($"bench-user-{i}");
        discord.AddMember(discord.DefaultGuildId, users[i]);
    }
}

var environment = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["DISCORD_API_TOKEN"] = discord.BotToken,
    ["DISCORD_API_BASE_URL"] = discord.RestBaseUrl,
    ["OPENAI_API_KEY"] = "bench-fake-key",
    ["OPENAI_BASE_URL"] = llm.BaseUrl.ToString(),
    ["OPENAI_MODEL"] = "gpt-4o-mini",
    ["PLUGINS_CONFIG"] = pluginsJson,
    ["LOG_LEVEL"] = "Warning",
    ["LOG_FILE"] = Path.Combine(root, "logs", "andyai.log"),
    ["Plugins__ShadowCopyDirectory"] = Path.Combine(root, "shadow"),
    // The rows measure the bot without its HTTP listener (as before issue 16) and never take port 8080;
    // env=HTTP_ADDRESS=http://127.0.0.1:0 measures it with the listener (docs/benchmarks.md).
    ["HTTP_ADDRESS"] = "off",
    // The emulator's REST limits are lifted for the benchmark; lift the client's global 50/s to match, or replies
    // at 1,000 mentions/s would queue behind Discord's default limit and measure that limit, not the bot.
    ["Discord__GlobalRequestsPerSecond"] = "100000",
};
foreach ((string name, string value) in extraEnvironment)
{
    environment[name] = value;
}

var result = new Dictionary<string, object>(StringComparer.Ordinal)
{
    ["scenario"] = mode,
    ["load_average"] = LoadAverage(),
};
if (extraEnvironment.Count > 0)
{
    result["env"] = string.Join(' ', extraEnvironment.Select(e => e.Key + "=" + e.Value));
}

int exitCode = 0;
string? botCpu = settings.GetValueOrDefault("cpu");
if (botCpu is not null)
{
    result["bot_cpu"] = botCpu;
}

BotProcess bot = BotProcess.Start(hostDll, root, environment, Path.Combine(root, "bot"), botCpu);
try
{
    long startedAt = Stopwatch.GetTimestamp();
    await discord.WaitForDispatchAsync("READY", TimeSpan.FromSeconds(120));
    result["ready_s"] = Math.Round(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, 2);
    await WaitForCogsAsync();
    result["cogs_running_s"] = Math.Round(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, 2);
    // Idle: READY, cogs running, nothing happening. Take the lowest of a few samples over 5 s (start-up garbage settles).
    double idle = double.MaxValue;
    TimeSpan idleCpuStart = bot.CpuTime();
    long idleWallStart = Stopwatch.GetTimestamp();
    for (int i = 0; i < 5; i++)
    {
        await Task.Delay(1000);
        idle = Math.Min(idle, bot.StatusMb("VmRSS"));
    }

    result["idle_rss_mb"] = Math.Round(idle, 1);
    foreach ((string field, double mb) in bot.RollupMb())
    {
        result["idle_" + field.ToLowerInvariant() + "_mb"] = Math.Round(mb, 1);
    }

    result["idle_cpu_ms_per_s"] = Math.Round((bot.CpuTime() - idleCpuStart).TotalMilliseconds / Stopwatch.GetElapsedTime(idleWallStart).TotalSeconds, 1);
    result["start_cpu_s"] = Math.Round(bot.CpuTime().TotalSeconds, 2);
    // After the idle figures, so a tool attached during the hold does not count as the bot's idle CPU.
    await DiagnoseAsync(prefix: "", "idle");

    switch (mode)
    {
        case "flood": await FloodAsync(); break;
        case "latency": await LatencyAsync(); break;
        case "reload": await ReloadAsync(); break;
        case "interactions": await InteractionsAsync(); break;
    }

    result["peak_rss_mb"] = Math.Round(bot.StatusMb("VmHWM"), 1);
    result["rss_end_mb"] = Math.Round(bot.StatusMb("VmRSS"), 1);
    foreach ((string field, double mb) in bot.RollupMb())
    {
        result["end_" + field.ToLowerInvariant() + "_mb"] = Math.Round(mb, 1);
    }

    await DiagnoseAsync(prefix: "end_", "after the " + mode);

    // smaps= / end_smaps= copy where the memory lives; hold= / end_hold= keep the bot running for a diagnosis tool
    // (dotnet-dump, dotnet-gcdump, perf) to attach to.
    async Task DiagnoseAsync(string prefix, string when)
    {
        if (settings.TryGetValue(prefix + "smaps", out string? smapsCopy))
        {
            File.Copy($"/proc/{bot.Id}/smaps", smapsCopy, overwrite: true);
        }

        if (settings.TryGetValue(prefix + "hold", out string? holdSeconds))
        {
            Console.Error.WriteLine($"holding the bot (pid {bot.Id}, {when}) for {holdSeconds} s");
            await Task.Delay(TimeSpan.FromSeconds(double.Parse(holdSeconds, CultureInfo.InvariantCulture)));
        }
    }
}
catch (Exception ex)
{
    result["error"] = ex.GetType().Name + ": " + ex.Message;
    exitCode = 1;
    Console.Error.WriteLine(ex);
    Console.Error.WriteLine($"bot logs: {root}");
}
finally
{
    result["load_average_end"] = LoadAverage();
    await bot.DisposeAsync();
}

Console.WriteLine(JsonSerializer.Serialize(result, BenchJsonContext.Default.DictionaryStringObject));
if (exitCode == 0)
{
    try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}

return exitCode;

// Asks !cogs as the application owner until both cogs report "running".
async Task WaitForCogsAsync()
{
    DateTime deadline = DateTime.UtcNow.AddSeconds(120);
    string last = "(no answer)";
    while (DateTime.UtcNow < deadline)
    {
        if (bot.HasExited) throw new InvalidOperationException($"the bot exited during start; see {root}/bot.stderr.log");
        EmulatorMessage question = await discord.PostMessageAsync(discord.OwnerUserId, controlChannel, "!cogs");
        try
        {
            EmulatorMessage answer = await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == question.Id, TimeSpan.FromSeconds(3));
            last = answer.Content;
            if (last.Contains("MessageHandler", StringComparison.Ordinal) && last.Contains("Utility", StringComparison.Ordinal)
                && Regex.Count(last, ": running") >= 2)
            {
                return;
            }
        }
        catch (TimeoutException)
        {
            // The command dispatcher subscribes after READY; ask again.
        }

        await Task.Delay(200);
    }

    throw new TimeoutException("cogs not running within 120 s; last !cogs answer: " + last);
}

// 50,000 MESSAGE_CREATE in flood mode (1 in 1000 mentions the bot, many authors); the end is a !ping sent after the
// last flood frame: the gateway is ordered, so its answer means the bot has read every flood message.
async Task FloodAsync()
{
    // The answer is cached after the first mention: warm it (and the mention path) before measuring.
    EmulatorMessage first = await discord.PostMessageAsync(discord.AliceUserId, discord.DefaultChannelId, $"<@{discord.BotUserId}> flood message");
    await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == first.Id, TimeSpan.FromSeconds(30));
    await Task.Delay(1500); // let the streamed answer's last edit land
    discord.ClearRecordings();
    long postsBefore = CountReplyPosts();

    // cpu(0): what the closing !ping round trip and the wait cost on their own, so that the marginal cost per
    // message, (cpu(N) - cpu(0)) / N, leaves the fixed part out.
    // The first !ping JITs its command (tens of ms with tiered compilation off): measure the second.
    TimeSpan pingCpu = TimeSpan.Zero;
    for (int i = 0; i < 2; i++)
    {
        TimeSpan pingStart = bot.CpuTime();
        EmulatorMessage warmPing = await discord.PostMessageAsync(discord.OwnerUserId, controlChannel, "!ping");
        await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == warmPing.Id, TimeSpan.FromSeconds(30));
        pingCpu = bot.CpuTime() - pingStart;
    }

    TimeSpan cpuStart = bot.CpuTime();
    long wallStart = Stopwatch.GetTimestamp();
    FloodResult flood = await discord.FloodAsync(new FloodOptions { Count = count, MentionEvery = 1000, AuthorCount = authors, Content = "flood message" });
    EmulatorMessage ping = await discord.PostMessageAsync(discord.OwnerUserId, controlChannel, "!ping");
    await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == ping.Id, TimeSpan.FromMinutes(5));
    TimeSpan wall = Stopwatch.GetElapsedTime(wallStart);
    TimeSpan cpu = bot.CpuTime() - cpuStart;

    result["messages"] = flood.Sent;
    result["mentions"] = flood.Mentions;
    result["reply_posts"] = CountReplyPosts() - postsBefore;
    result["reply_posts_ok"] = discord.Requests.Count(r => r.Method == "POST" && r.Route == "/channels/{channel_id}/messages" && r.StatusCode is >= 200 and < 300 && r.Path.Contains(discord.DefaultChannelId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    result["cpu_ms"] = Math.Round(cpu.TotalMilliseconds);
    result["cpu_us_per_message"] = Math.Round(cpu.TotalMicroseconds / flood.Sent, 2);
    result["cpu0_ms"] = Math.Round(pingCpu.TotalMilliseconds);
    result["marginal_cpu_us_per_message"] = Math.Round((cpu - pingCpu).TotalMicroseconds / flood.Sent, 2);
    result["messages_per_second"] = Math.Round(flood.Sent / wall.TotalSeconds);
    result["emulator_send_s"] = Math.Round(flood.Elapsed.TotalSeconds, 2);
}

long CountReplyPosts() => discord.Requests.Count(r => r.Method == "POST" && r.Route == "/channels/{channel_id}/messages"
    && r.Path.Contains(discord.DefaultChannelId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

// Mentions at a fixed rate from many authors, the answer already cached: latency from the emulator writing
// MESSAGE_CREATE to the socket (frame timestamp) to the bot's reply POST arriving (request timestamp).
// Slash commands at rate= per second (issue 14): interaction created (INTERACTION_CREATE written by the emulator) →
// the bot's initial response received (the callback POST), for /help (answered at once, type 4) and /ask with a
// cached answer (deferred at once, type 5, then edited). Discord's limit for that first response is 3 s.
async Task InteractionsAsync()
{
    DateTime registered = DateTime.UtcNow.AddSeconds(60);
    while (discord.GetSlashCommandOptionNames(discord.DefaultChannelId, "ask") is null || discord.GetSlashCommandOptionNames(discord.DefaultChannelId, "help") is null)
    {
        if (DateTime.UtcNow > registered) throw new TimeoutException("/ask and /help were not registered within 60 s");
        await Task.Delay(100);
    }

    // One /ask first, so every measured /ask is a cache hit (the model is not what is measured).
    EmulatorInteraction seed = await discord.InvokeSlashCommandAsync(users[0], discord.DefaultChannelId, "ask", new EmulatorCommandOption("prompt", "what is a monad?"));
    await discord.WaitForInteractionResponseAsync(r => r.InteractionId == seed.Id && r.Kind == EmulatorInteractionResponseKind.EditOriginal, TimeSpan.FromSeconds(30));
    await Task.Delay(1000);

    int total = warmup + mentions;
    var invoked = new EmulatorInteraction[total];
    long start = Stopwatch.GetTimestamp();
    long measuredStart = start;
    TimeSpan cpuStart = TimeSpan.Zero;
    double ticksPerInteraction = Stopwatch.Frequency / (double)rate;
    var pacer = new Thread(() =>
    {
        for (int i = 0; i < total; i++)
        {
            if (i == warmup)
            {
                cpuStart = bot.CpuTime();
                measuredStart = Stopwatch.GetTimestamp();
            }

            long due = start + (long)(i * ticksPerInteraction);
            while (Stopwatch.GetTimestamp() < due)
            {
                if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 500) Thread.Sleep(1); else Thread.Yield();
            }

            ulong user = users[i % users.Length];
            invoked[i] = (i % 2 == 0
                ? discord.InvokeSlashCommandAsync(user, discord.DefaultChannelId, "help")
                : discord.InvokeSlashCommandAsync(user, discord.DefaultChannelId, "ask", new EmulatorCommandOption("prompt", "what is a monad?"))).Result;
        }
    }) { IsBackground = true, Name = "interaction pacer" };
    pacer.Start();
    while (pacer.IsAlive) await Task.Delay(50);
    double sendSeconds = Stopwatch.GetElapsedTime(measuredStart).TotalSeconds;

    var measured = invoked.Skip(warmup).ToDictionary(i => i.Id);
    DateTime deadline = DateTime.UtcNow.AddSeconds(120);
    Dictionary<ulong, EmulatorInteractionResponse> first = [];
    while (true)
    {
        first = [];
        foreach (EmulatorInteractionResponse response in discord.InteractionResponses)
        {
            if (response.Kind == EmulatorInteractionResponseKind.Callback && measured.ContainsKey(response.InteractionId)) first.TryAdd(response.InteractionId, response);
        }

        if (first.Count >= measured.Count || DateTime.UtcNow > deadline) break;
        await Task.Delay(250);
    }

    TimeSpan cpu = bot.CpuTime() - cpuStart;
    var help = new List<double>();
    var ask = new List<double>();
    int refused = 0;
    foreach ((ulong id, EmulatorInteractionResponse response) in first)
    {
        EmulatorInteraction interaction = measured[id];
        if (response.ErrorCode != 0) refused++;
        (interaction.CommandName == "help" ? help : ask).Add((response.Timestamp - interaction.CreatedAt).TotalMilliseconds);
    }

    help.Sort();
    ask.Sort();
    List<double> all = [.. help, .. ask];
    all.Sort();
    result["rate_target_per_s"] = rate;
    result["rate_achieved_per_s"] = Math.Round(mentions / sendSeconds);
    result["measured"] = mentions;
    result["answered"] = first.Count;
    result["refused"] = refused;
    result["cpu_us_per_interaction"] = Math.Round(cpu.TotalMicroseconds / mentions, 1);
    foreach ((string name, List<double> values) in new[] { ("all", all), ("help", help), ("ask", ask) })
    {
        if (values.Count == 0) continue;
        result[name + "_p50_ms"] = Math.Round(Percentile(values, 0.50), 3);
        result[name + "_p99_ms"] = Math.Round(Percentile(values, 0.99), 3);
        result[name + "_max_ms"] = Math.Round(values[^1], 3);
    }
}

async Task LatencyAsync()
{
    string question = $"<@{discord.BotUserId}> what is a monad?";
    EmulatorMessage first = await discord.PostMessageAsync(users[0], discord.DefaultChannelId, question);
    await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == first.Id, TimeSpan.FromSeconds(30));
    await Task.Delay(1500);

    int total = warmup + mentions;
    var posted = new ulong[total];
    var postedAt = new DateTimeOffset[total]; // just before the emulator's PostMessageAsync: an upper bound
    TimeSpan cpuStart = TimeSpan.Zero;
    long start = Stopwatch.GetTimestamp();
    long measuredStart = start;
    double ticksPerMessage = Stopwatch.Frequency / (double)rate;
    // A dedicated pacing thread: post message i at start + i/rate (catching up at once when behind).
    var pacer = new Thread(() =>
    {
        for (int i = 0; i < total; i++)
        {
            if (i == warmup)
            {
                discord.ClearRecordings();
                cpuStart = bot.CpuTime();
                measuredStart = Stopwatch.GetTimestamp();
            }

            long due = start + (long)(i * ticksPerMessage);
            while (Stopwatch.GetTimestamp() < due)
            {
                if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 500) Thread.Sleep(1); else Thread.Yield();
            }

            postedAt[i] = TimeProvider.System.GetUtcNow();
            posted[i] = discord.PostMessageAsync(users[i % users.Length], discord.DefaultChannelId, question).Result.Id;
        }
    }) { IsBackground = true, Name = "mention pacer" };
    pacer.Start();
    while (pacer.IsAlive) await Task.Delay(50);
    double sendSeconds = Stopwatch.GetElapsedTime(measuredStart).TotalSeconds;

    var measured = new HashSet<ulong>(posted.Skip(warmup));
    // Wait until every measured mention has its reply POST (hang guard 120 s).
    DateTime deadline = DateTime.UtcNow.AddSeconds(120);
    Dictionary<ulong, DateTimeOffset> replies = [];
    while (true)
    {
        replies = ReplyTimes(measured);
        if (replies.Count >= measured.Count || DateTime.UtcNow > deadline) break;
        await Task.Delay(250);
    }

    TimeSpan cpu = bot.CpuTime() - cpuStart;
    Dictionary<ulong, DateTimeOffset> sent = SentTimes(measured);
    var latencies = new List<double>(measured.Count);
    foreach ((ulong id, DateTimeOffset at) in replies)
    {
        if (sent.TryGetValue(id, out DateTimeOffset s)) latencies.Add((at - s).TotalMilliseconds);
    }

    latencies.Sort();
    // The frame timestamp is taken after the socket write returned (and a reply can beat it by ~0.1 ms), so the
    // latencies above lean low; the same from just before the post (serialization and queueing included) lean high.
    var fromPost = new List<double>(measured.Count);
    for (int i = warmup; i < total; i++)
    {
        if (replies.TryGetValue(posted[i], out DateTimeOffset at)) fromPost.Add((at - postedAt[i]).TotalMilliseconds);
    }

    fromPost.Sort();
    if (fromPost.Count > 0)
    {
        result["from_post_p50_ms"] = Math.Round(Percentile(fromPost, 0.50), 3);
        result["from_post_p95_ms"] = Math.Round(Percentile(fromPost, 0.95), 3);
        result["from_post_p99_ms"] = Math.Round(Percentile(fromPost, 0.99), 3);
    }

    result["rate_target_per_s"] = rate;
    result["rate_achieved_per_s"] = Math.Round(mentions / sendSeconds);
    result["authors"] = users.Length;
    result["warmup"] = warmup;
    result["measured"] = mentions;
    result["answered"] = latencies.Count;
    result["llm_requests"] = llm.ChatRequestCount;
    result["cpu_us_per_mention"] = Math.Round(cpu.TotalMicroseconds / mentions, 1);
    if (latencies.Count > 0)
    {
        result["p50_ms"] = Math.Round(Percentile(latencies, 0.50), 3);
        result["p95_ms"] = Math.Round(Percentile(latencies, 0.95), 3);
        result["p99_ms"] = Math.Round(Percentile(latencies, 0.99), 3);
        result["max_ms"] = Math.Round(latencies[^1], 3);
        result["min_ms"] = Math.Round(latencies[0], 3);
    }

}

Dictionary<ulong, DateTimeOffset> SentTimes(HashSet<ulong> ids)
{
    var times = new Dictionary<ulong, DateTimeOffset>();
    foreach (RecordedFrame frame in discord.Frames)
    {
        if (frame.Direction != FrameDirection.Sent || frame.EventName != "MESSAGE_CREATE") continue;
        using JsonDocument doc = JsonDocument.Parse(frame.Json);
        ulong id = ulong.Parse(doc.RootElement.GetProperty("d").GetProperty("id").GetString()!, CultureInfo.InvariantCulture);
        if (ids.Contains(id)) times.TryAdd(id, frame.Timestamp);
    }

    return times;
}

Dictionary<ulong, DateTimeOffset> ReplyTimes(HashSet<ulong> ids)
{
    var times = new Dictionary<ulong, DateTimeOffset>();
    foreach (RecordedRequest request in discord.Requests)
    {
        if (request.Method != "POST" || request.Route != "/channels/{channel_id}/messages" || request.Body is null) continue;
        using JsonDocument doc = JsonDocument.Parse(request.Body);
        if (!doc.RootElement.TryGetProperty("message_reference", out JsonElement reference)
            || !reference.TryGetProperty("message_id", out JsonElement idElement)) continue;
        ulong id = idElement.ValueKind == JsonValueKind.String
            ? ulong.Parse(idElement.GetString()!, CultureInfo.InvariantCulture)
            : idElement.GetUInt64();
        if (ids.Contains(id)) times.TryAdd(id, request.Timestamp);
    }

    return times;
}

// !reload MessageHandler as the owner, each time after a file in the cog's folder changed. Times: the command's round trip, and the supervisor's own figure.
async Task ReloadAsync()
{
    var roundTrips = new List<double>(reloads);
    var inBot = new List<double>(reloads);
    double rssAfterWarmup = 0;
    string statsBefore = "", statsAfter = "";
    for (int i = 0; i < reloads + 5; i++)
    {
        if (i == 5)
        {
            rssAfterWarmup = bot.StatusMb("VmRSS");
            statsBefore = await AskAsync("!stats");
        }

        // A changed file in the cog's folder is a new build to the supervisor (it fingerprints every file), so every
        // !reload really reloads: an unchanged build with unchanged settings is skipped by design.
        File.WriteAllText(Path.Combine(root, "plugins", "MessageHandler", "bench-reload-marker.txt"), i.ToString(CultureInfo.InvariantCulture));
        long t0 = Stopwatch.GetTimestamp();
        string answer = await AskAsync("!reload MessageHandler");
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        Match reloaded = Regex.Match(answer, @"reloaded in (\d+) ms");
        if (!reloaded.Success || answer.Contains("leaked", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"reload {i}: {answer}");
        }

        if (i >= 5)
        {
            roundTrips.Add(ms);
            inBot.Add(double.Parse(reloaded.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    await Task.Delay(2000);
    statsAfter = await AskAsync("!stats");
    roundTrips.Sort();
    inBot.Sort();
    result["reloads"] = reloads;
    result["reload_roundtrip_p50_ms"] = Math.Round(Percentile(roundTrips, 0.5), 1);
    result["reload_roundtrip_p95_ms"] = Math.Round(Percentile(roundTrips, 0.95), 1);
    result["reload_supervisor_p50_ms"] = Percentile(inBot, 0.5);
    result["reload_supervisor_p95_ms"] = Percentile(inBot, 0.95);
    result["rss_after_5_reloads_mb"] = Math.Round(rssAfterWarmup, 1);
    result["rss_after_all_reloads_mb"] = Math.Round(bot.StatusMb("VmRSS"), 1);
    result["stats_memory_before"] = MemoryLine(statsBefore);
    result["stats_memory_after"] = MemoryLine(statsAfter);
    string cogsAnswer = await AskAsync("!cogs");
    result["cogs_after"] = cogsAnswer.Replace("\n", " | ", StringComparison.Ordinal);
}

async Task<string> AskAsync(string command)
{
    EmulatorMessage question = await discord.PostMessageAsync(discord.OwnerUserId, controlChannel, command);
    EmulatorMessage answer = await discord.WaitForBotMessageAsync(m => m.ReferencedMessageId == question.Id, TimeSpan.FromSeconds(60));
    return answer.Content;
}

static string MemoryLine(string stats) =>
    stats.Split('\n').FirstOrDefault(l => l.StartsWith("Memory:", StringComparison.Ordinal))?.Trim() ?? stats.ReplaceLineEndings(" ");

void WritePluginsJson(int maxPromptLength)
{
    const string Bucket = "{ \"capacity\": 1000000, \"tokensPerPeriod\": 1000000, \"periodSeconds\": 1 }";
    var json = new StringBuilder();
    json.Append("{\n  \"pluginsDirectory\": \"plugins\",\n  \"dataDirectory\": \"data\",\n  \"watch\": false,\n");
    json.Append("  \"loadOrder\": [\"Utility\", \"MessageHandler\"],\n  \"cogs\": {\n");
    // No command cooldown: the flood measures a !ping round trip on its own just before its closing !ping.
    json.Append("    \"Utility\": { \"enabled\": true, \"settings\": { \"cooldownSeconds\": 0 } },\n");
    json.Append(CultureInfo.InvariantCulture, $"    \"MessageHandler\": {{ \"enabled\": true, \"settings\": {{ \"maxPromptLength\": {maxPromptLength}, \"userRateLimit\": {Bucket}, \"guildRateLimit\": {Bucket} }} }}\n");
    json.Append("  }\n}\n");
    string temp = pluginsJson + ".tmp";
    File.WriteAllText(temp, json.ToString());
    File.Move(temp, pluginsJson, overwrite: true);
}

string Required(string name) => settings.TryGetValue(name, out string? value) ? value : throw new ArgumentException($"missing {name}=");

int Int(string name, int fallback) => settings.TryGetValue(name, out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
