using System.Text.RegularExpressions;
using AndyAI.Emulator;
using AndyAI.Emulator.World;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// The sandbox's terminal chat: each line typed (or piped) is posted to the emulator as the application's owner in
/// the sandbox guild's #general (<c>@AndyAI</c> becomes a mention; <c>/dm text</c> goes to a DM); the bot's
/// messages and edits are printed as they appear. When input ends (a pipe), it waits for the bot to go quiet, then
/// stops the host.
/// </summary>
internal sealed partial class SandboxChat(
    SandboxEnvironment sandbox,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SandboxChat> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(3);
    private readonly Dictionary<ulong, int> _printedVersions = [];
    private long _lastActivity;

    internal static TextReader Input { get; set; } = Console.In;

    internal static TextWriter Output { get; set; } = Console.Out;

    [GeneratedRegex("@andyai\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BotMentionPattern();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DiscordEmulator emulator = sandbox.Emulator;
        if (!await WaitForBotAsync(emulator, stoppingToken))
        {
            return;
        }

        await Output.WriteLineAsync(
            "Sandbox ready. You are the bot's owner in #general of \"AndyAI Test Guild\". Type \"@AndyAI your question\", " +
            "a command (!help, !cogs, !reload), or \"/dm text\" for a direct message. Ctrl+C quits.");
        _lastActivity = time.GetTimestamp();
        using var printing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task printer = PrintBotMessagesAsync(emulator, printing.Token);
        try
        {
            await ReadInputAsync(emulator, stoppingToken);
            // Piped input ended: let the bot finish answering, then stop like Ctrl+C would.
            while (!stoppingToken.IsCancellationRequested && time.GetElapsedTime(Volatile.Read(ref _lastActivity)) < QuietPeriod)
            {
                await Task.Delay(PollInterval, time, stoppingToken);
            }

            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await printing.CancelAsync();
            await printer.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private async Task<bool> WaitForBotAsync(DiscordEmulator emulator, CancellationToken stoppingToken)
    {
        long started = time.GetTimestamp();
        while (emulator.SessionCount == 0)
        {
            if (time.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                SandboxLog.BotNeverConnected(logger);
                return false;
            }

            await Task.Delay(PollInterval, time, stoppingToken);
        }

        return true;
    }

    private async Task ReadInputAsync(DiscordEmulator emulator, CancellationToken stoppingToken)
    {
        ulong? dmChannel = null;
        // Console.In's read blocks and ignores the token: WaitAsync lets the host stop without waiting for a keypress.
        while (await Input.ReadLineAsync(stoppingToken).AsTask().WaitAsync(stoppingToken) is { } line)
        {
            string text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            ulong channel = emulator.DefaultChannelId;
            if (text.StartsWith("/dm ", StringComparison.OrdinalIgnoreCase))
            {
                dmChannel ??= emulator.CreateDmChannel(emulator.OwnerUserId);
                channel = dmChannel.Value;
                text = text[4..].Trim();
            }

            text = BotMentionPattern().Replace(text, $"<@{emulator.BotUserId}>");
            try
            {
                await emulator.PostMessageAsync(emulator.OwnerUserId, channel, text);
                Volatile.Write(ref _lastActivity, time.GetTimestamp());
            }
            catch (ArgumentException ex)
            {
                await Output.WriteLineAsync($"(not sent: {ex.Message})");
            }
        }
    }

    private async Task PrintBotMessagesAsync(DiscordEmulator emulator, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (EmulatorMessage message in emulator.BotMessages)
            {
                int version = message.ContentHistory.Count;
                if (_printedVersions.TryGetValue(message.Id, out int printed) && printed == version)
                {
                    continue;
                }

                string where = message.GuildId is null ? "DM" : "#general";
                string label = printed == 0 && !_printedVersions.ContainsKey(message.Id) ? "AndyAI" : "AndyAI (edited)";
                _printedVersions[message.Id] = version;
                Volatile.Write(ref _lastActivity, time.GetTimestamp());
                await Output.WriteLineAsync($"[{where}] {label}: {message.Content}");
            }
        }
    }
}

internal static partial class SandboxLog
{
    [LoggerMessage(LogLevel.Error, "Sandbox: the bot did not connect to the emulator within 30 s; see the log for the Discord client's errors")]
    public static partial void BotNeverConnected(ILogger logger);

    [LoggerMessage(LogLevel.Information, "Sandbox mode (no DISCORD_API_TOKEN): Discord emulator at {EmulatorUrl}; {Llm}")]
    public static partial void Started(ILogger logger, string emulatorUrl, string llm);
}
