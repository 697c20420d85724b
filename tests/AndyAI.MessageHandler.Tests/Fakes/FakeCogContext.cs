using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

/// <summary>The host, as far as the cog can tell: every service a fake the test can inspect.</summary>
internal sealed class FakeCogContext : ICogContext, IDisposable
{
    private readonly CancellationTokenSource _unloading = new();

    public FakeCogContext(string settingsJson = "{}")
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        Settings = JsonDocument.Parse(settingsJson).RootElement.Clone();
        Bot = new FakeDiscordBot(Clock);
        FakeLlm = new FakeLlm(Clock);
        FakeCache = new FakeResponseCache(Clock);
        FakeRateLimits = new FakeRateLimitService(Clock);
        Log = new RecordingLogger();
        LoggerFactory = new RecordingLoggerFactory(Log);
    }

    public FakeTimeProvider Clock { get; }

    public FakeDiscordBot Bot { get; }

    public FakeLlm FakeLlm { get; }

    public FakeResponseCache FakeCache { get; }

    public FakeRateLimitService FakeRateLimits { get; }

    public FakeStatistics Stats { get; } = new();

    public FakeCommandRegistry FakeCommands { get; } = new();

    public RecordingLogger Log { get; }

    public string CogName => "MessageHandler";

    public ILogger Logger => Log;

    public ILoggerFactory LoggerFactory { get; }

    public JsonElement Settings { get; }

    public string DataDirectory => Path.GetTempPath();

    public CancellationToken Unloading => _unloading.Token;

    public TimeProvider Time => Clock;

    public IDiscordBot Discord => Bot;

    public ICommandRegistry Commands => FakeCommands;

    /// <summary>Replaces <see cref="FakeLlm"/> as the model the cog sees (set before starting the cog).</summary>
    public ILlmService? LlmOverride { get; set; }

    public ILlmService Llm => LlmOverride ?? FakeLlm;

    public IResponseCache Cache => FakeCache;

    public IRateLimitService RateLimits => FakeRateLimits;

    public IBotStatistics Statistics => Stats;

    public void SignalUnloading() => _unloading.Cancel();

    public void Dispose() => _unloading.Dispose();
}
