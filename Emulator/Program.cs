using System.Globalization;
using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;
using Microsoft.Extensions.Logging;

// Standalone: `dotnet run --project Emulator [-- --port 5005] [--heartbeat-ms 41250]`. Runs until Ctrl+C.
var options = new EmulatorOptions();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--heartbeat-ms":
            options.HeartbeatInterval = TimeSpan.FromMilliseconds(int.Parse(args[i + 1], CultureInfo.InvariantCulture));
            break;
        case "--token":
            options.BotToken = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}. Options: --port N, --heartbeat-ms N, --token T");
            return 2;
    }
}

using ILoggerFactory loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(options, loggerFactory);
await using OpenAiFakeServer openAi = await OpenAiFakeServer.StartAsync();

Console.WriteLine("AndyAI Discord emulator (127.0.0.1 only)");
Console.WriteLine($"  REST base URL : {emulator.RestBaseUrl}   (clients append /v10)");
Console.WriteLine($"  Gateway URL   : {emulator.GatewayUrl}");
Console.WriteLine($"  Control API   : {emulator.ControlUrl}");
Console.WriteLine($"  Bot token     : {emulator.BotToken}");
Console.WriteLine($"  Bot user id   : {emulator.BotUserId}   application id: {emulator.ApplicationId}");
Console.WriteLine($"  Guild id      : {emulator.DefaultGuildId}   channel id: {emulator.DefaultChannelId}   bot role id: {emulator.BotRoleId}");
Console.WriteLine($"  Owner user id : {emulator.OwnerUserId}   alice: {emulator.AliceUserId}   bob: {emulator.BobUserId}");
Console.WriteLine($"  OpenAI fake   : {openAi.BaseUrl}   (any API key; model {openAi.Options.Models[0]})");
Console.WriteLine($"  env: DISCORD_API_BASE_URL={emulator.RestBaseUrl} DISCORD_API_TOKEN={emulator.BotToken} ADMIN_USER_IDS={emulator.OwnerUserId}");
Console.WriteLine($"       OPENAI_BASE_URL={openAi.BaseUrl} OPENAI_API_KEY=emulator-openai-key OPENAI_MODEL={openAi.Options.Models[0]}");
Console.WriteLine("Press Ctrl+C to stop.");

var stop = new TaskCompletionSource();
void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true; // we shut down ourselves, disposing the emulator cleanly
    stop.TrySetResult();
}
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, OnSignal);
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal);
await stop.Task;
Console.WriteLine("Stopping.");
return 0;
