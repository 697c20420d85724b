using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord;
using AndyAI.Discord.FloodBench;
using AndyAI.Discord.Hosting;

// Flood harness: connects our client to a running emulator, starts its flood mode and measures what receiving
// costs this process. Usage: AndyAI.Discord.FloodBench <restBaseUrl> <controlUrl> <token> [count] [compress]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: AndyAI.Discord.FloodBench <restBaseUrl> <controlUrl> <token> [count=50000] [compress=false]");
    return 2;
}

string restBase = args[0];
string control = args[1];
string token = args[2];
int count = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50_000;
bool compress = args.Length > 4 && bool.Parse(args[4]);
if (!restBase.StartsWith("http://127.0.0.1:", StringComparison.Ordinal) || !control.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
{
    Console.Error.WriteLine("The flood harness only talks to an emulator on 127.0.0.1.");
    return 2;
}

await using DiscordBot bot = DiscordBot.Create(new DiscordClientOptions { Token = token, ApiBaseUrl = restBase, Compress = compress });
long mentions = 0;
// The trivial subscriber: counts the messages that mention the bot.
using IDisposable subscription = bot.SubscribeMessages(MessageInterest.Mentions, (_, _) =>
{
    Interlocked.Increment(ref mentions);
    return ValueTask.CompletedTask;
});
Diag("before start");
await bot.StartAsync();
await bot.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));

Diag("ready");
using var http = new HttpClient();
long seenBefore = bot.GetStatus().MessagesSeen;
TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
long wallStart = Stopwatch.GetTimestamp();
// READY can reach us a moment before the emulator counts the session as receiving the guild's channel: retry the
// emulator's 400 briefly.
int floodAttempts = 0;
for (int attempt = 1; ; attempt++)
{
    floodAttempts = attempt;
    using HttpResponseMessage started = await http.PostAsync(
        control + "/flood",
        new StringContent($$"""{"count":{{count}},"mention_every":1000,"authors":1000,"wait":false}""", System.Text.Encoding.UTF8, "application/json"));
    if (started.IsSuccessStatusCode) break;
    if (started.StatusCode != System.Net.HttpStatusCode.BadRequest || attempt == 50)
    {
        Console.Error.WriteLine($"flood refused: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
        return 1;
    }

    await Task.Delay(20);
}

DateTime giveUp = DateTime.UtcNow.AddMinutes(5);
while (bot.GetStatus().MessagesSeen - seenBefore < count || Interlocked.Read(ref mentions) < count / 1000)
{
    if (DateTime.UtcNow > giveUp)
    {
        Console.Error.WriteLine($"timed out: saw {bot.GetStatus().MessagesSeen - seenBefore} of {count}");
        return 1;
    }

    await Task.Delay(20);
}

TimeSpan wall = Stopwatch.GetElapsedTime(wallStart);
Diag("flood done");
TimeSpan cpuEnd = Environment.CpuUsage.TotalTime;
TimeSpan cpu = cpuEnd - cpuStart;
DiscordBotStatus status = bot.GetStatus();
var result = new Dictionary<string, object>
{
    ["client"] = "AndyAI.Discord" + (compress ? " (zlib-stream)" : ""),
    ["messages"] = count,
    ["mentions_delivered"] = Interlocked.Read(ref mentions),
    ["parsed"] = status.MessagesParsed,
    ["cpu_us_per_message"] = Math.Round(cpu.TotalMicroseconds / count, 2),
    ["messages_per_second"] = Math.Round(count / wall.TotalSeconds),
    ["process_cpu_ms_total"] = Math.Round(cpuEnd.TotalMilliseconds),
    ["gc_heap_mb"] = Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1),
    ["gen0_collections"] = GC.CollectionCount(0),
    ["identifies"] = status.Identifies,
    ["reconnects"] = status.Reconnects,
    ["flood_attempts"] = floodAttempts,
};
Console.WriteLine(JsonSerializer.Serialize(result, FloodJsonContext.Default.DictionaryStringObject));
await bot.StopAsync();
return 0;

static void Diag(string stage)
{
    if (Environment.GetEnvironmentVariable("FLOOD_DIAG") != "1") return;
    string rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS", StringComparison.Ordinal));
    Console.Error.WriteLine($"{stage}: {rss.Trim()}, allocated {GC.GetTotalAllocatedBytes() / 1024} KB, committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1024} KB, assemblies {AppDomain.CurrentDomain.GetAssemblies().Length}");
    if (stage == "flood done") File.Copy("/proc/self/smaps", "/tmp/flood-smaps.txt", overwrite: true);
}
