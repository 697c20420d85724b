using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using AndyAI.Emulator;

// Measures the emulator's own cost of a flood: an in-process emulator streams N MESSAGE_CREATE frames to the
// cheapest possible client (a raw WebSocket that only counts frames), so nearly all CPU here is the emulator's.
// Usage: dotnet run -c Release --project bench/EmulatorFlood -- [count=50000] [mentionEvery=1000] [rounds=3]
int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
int mentionEvery = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { ReplayBufferSize = 4096 });
using var socket = new ClientWebSocket();
await socket.ConnectAsync(new Uri(emulator.GatewayUrl + "?v=10&encoding=json"), CancellationToken.None);
byte[] buffer = new byte[1 << 16];
await socket.ReceiveAsync(buffer, CancellationToken.None); // HELLO
string identify = "{\"op\":2,\"d\":{\"token\":\"" + emulator.BotToken + "\",\"intents\":" + (GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent)
    + ",\"properties\":{\"os\":\"linux\",\"browser\":\"bench\",\"device\":\"bench\"}}}";
await socket.SendAsync(Encoding.UTF8.GetBytes(identify), WebSocketMessageType.Text, true, CancellationToken.None);
for (int i = 0; i < 2; i++)
{
    await socket.ReceiveAsync(buffer, CancellationToken.None); // READY, GUILD_CREATE
}

Console.WriteLine($"flood {count} MESSAGE_CREATE, 1 in {mentionEvery} mentions; {Environment.ProcessorCount} cores");
Console.WriteLine("round | wall ms | msgs/s | process CPU µs/msg | alloc B/msg | frame bytes | peak working set MB");
for (int round = 1; round <= rounds; round++)
{
    GC.Collect();
    var process = Process.GetCurrentProcess();
    TimeSpan cpu0 = process.TotalProcessorTime;
    long alloc0 = GC.GetTotalAllocatedBytes(precise: false);
    var wall = Stopwatch.StartNew();
    Task<FloodResult> flood = emulator.FloodAsync(new FloodOptions { Count = count, MentionEvery = mentionEvery });
    long frames = 0, bytes = 0;
    long peak = 0;
    while (frames < count)
    {
        ValueWebSocketReceiveResult r = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        bytes += r.Count;
        if (r.EndOfMessage)
        {
            frames++;
            if ((frames & 4095) == 0)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
            }
        }
    }
    FloodResult result = await flood;
    wall.Stop();
    process.Refresh();
    peak = Math.Max(peak, process.WorkingSet64);
    double cpuUs = (process.TotalProcessorTime - cpu0).TotalMicroseconds / count;
    double allocPerMsg = (GC.GetTotalAllocatedBytes(precise: false) - alloc0) / (double)count;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{round,5} | {wall.ElapsedMilliseconds,7} | {count / wall.Elapsed.TotalSeconds,8:F0} | {cpuUs,18:F1} | {allocPerMsg,11:F0} | {bytes / count,11} | {peak / 1024 / 1024,8}"));
    if (result.Sent != count)
    {
        Console.Error.WriteLine($"sent {result.Sent} != {count}");
        return 1;
    }
}
return 0;
