using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Http;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Jobs;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.Settings;
using AndyAI.Abstractions.Storage;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Testing;

/// <summary>
/// The host, as far as a cog can tell: every service is a fake the test can inspect and drive, all on one
/// <see cref="FakeTimeProvider"/>. Each service the cog sees can be replaced (set <see cref="Llm"/>,
/// <see cref="Commands"/>, ... before starting the cog) while the typed fakes stay reachable.
/// </summary>
public sealed class FakeCogContext : ICogContext, IDisposable
{
    /// <summary>Where <see cref="Clock"/> starts unless the constructor is told otherwise: 2026-11-26 12:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _unloading = new();

    /// <summary>Creates a context whose settings are <paramref name="settingsJson"/> and whose clock reads <paramref name="now"/>.</summary>
    /// <param name="settingsJson">The cog's settings object, as <c>plugins.json</c> would hold it.</param>
    /// <param name="now">The clock's start; <see cref="DefaultStart"/> when omitted.</param>
    /// <exception cref="JsonException"><paramref name="settingsJson"/> is not JSON.</exception>
    public FakeCogContext(string settingsJson = "{}", DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(settingsJson);
        using (JsonDocument document = JsonDocument.Parse(settingsJson))
        {
            Settings = document.RootElement.Clone();
        }

        Clock = new FakeTimeProvider(now ?? DefaultStart);
        Bot = new FakeDiscordBot(Clock);
        FakeLlm = new FakeLlmService(Clock);
        FakeCache = new FakeResponseCache(Clock);
        FakeRateLimits = new FakeRateLimitService(Clock);
        FakeMemory = new FakeConversationMemory(Clock);
        FakeStorage = new FakeCogStorage(Clock);
        FakeJobs = new FakeJobRegistry(Clock, _unloading.Token);
        FakeHttp = new FakeHttpRouteRegistry(Clock);
        Jobs = FakeJobs;
        Memory = FakeMemory;
        Storage = FakeStorage;
        Discord = Bot;
        Commands = FakeCommands;
        Interactions = FakeInteractions;
        Http = FakeHttp;
        Llm = FakeLlm;
        Cache = FakeCache;
        RateLimits = FakeRateLimits;
        Statistics = FakeStatistics;
        Logger = Log;
        LoggerFactory = new RecordingLoggerFactory(Log);
    }

    /// <summary>The clock behind <see cref="Time"/> and every fake service.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The Discord fake (what <see cref="Discord"/> returns unless replaced).</summary>
    public FakeDiscordBot Bot { get; }

    /// <summary>The model fake (what <see cref="Llm"/> returns unless replaced).</summary>
    public FakeLlmService FakeLlm { get; }

    /// <summary>The cache fake (what <see cref="Cache"/> returns unless replaced).</summary>
    public FakeResponseCache FakeCache { get; }

    /// <summary>The rate-limit fake (what <see cref="RateLimits"/> returns unless replaced).</summary>
    public FakeRateLimitService FakeRateLimits { get; }

    /// <summary>The statistics fake (what <see cref="Statistics"/> returns unless replaced).</summary>
    public FakeBotStatistics FakeStatistics { get; } = new();

    /// <summary>The command-registry fake (what <see cref="Commands"/> returns unless replaced).</summary>
    public FakeCommandRegistry FakeCommands { get; } = new();

    /// <summary>The conversation-memory fake (what <see cref="Memory"/> returns unless replaced).</summary>
    public FakeConversationMemory FakeMemory { get; }

    /// <summary>The cog-storage fake (what <see cref="Storage"/> returns unless replaced).</summary>
    public FakeCogStorage FakeStorage { get; }

    /// <inheritdoc />
    public IConversationMemory Memory { get; set; }

    /// <inheritdoc />
    public ICogStorage Storage { get; set; }

    /// <summary>The settings fake (what <see cref="BotSettings"/> returns unless replaced).</summary>
    public FakeBotSettings FakeSettings { get; } = new();

    /// <inheritdoc />
    public IBotSettings BotSettings { get => _botSettings ?? FakeSettings; set => _botSettings = value; }

    private IBotSettings? _botSettings;

    /// <summary>The interaction-registry fake (what <see cref="Interactions"/> returns unless replaced).</summary>
    public FakeInteractionRegistry FakeInteractions { get; } = new();

    /// <summary>The scheduled-jobs fake (what <see cref="Jobs"/> returns unless replaced): its jobs fire as <see cref="Clock"/> advances.</summary>
    public FakeJobRegistry FakeJobs { get; }

    /// <inheritdoc />
    public IJobRegistry Jobs { get; set; }

    /// <summary>The HTTP-route fake (what <see cref="Http"/> returns unless replaced): the routes mapped, and <see cref="FakeHttpRouteRegistry.InvokeAsync(string, string, string?, IReadOnlyDictionary{string, string}?, bool, CancellationToken)"/> to call them.</summary>
    public FakeHttpRouteRegistry FakeHttp { get; }

    /// <inheritdoc />
    public IHttpRouteRegistry Http { get; set; }

    /// <summary>Every entry the cog logged, through <see cref="Logger"/> or any logger from <see cref="LoggerFactory"/>.</summary>
    public RecordingLogger Log { get; } = new();

    /// <summary>The cog's name. Defaults to <c>TestCog</c>.</summary>
    public string CogName
    {
        get => FakeInteractions.CogName;
        init
        {
            FakeInteractions.CogName = value; // the host namespaces custom ids with it: the same length check here
            FakeJobs.CogName = value;
            FakeHttp.CogName = value; // and puts it in the routes' prefix
        }
    }

    /// <inheritdoc />
    public ILogger Logger { get; set; }

    /// <inheritdoc />
    public ILoggerFactory LoggerFactory { get; set; }

    /// <inheritdoc />
    public JsonElement Settings { get; }

    /// <summary>The cog's data directory. Defaults to the system's temporary directory; point it at a per-test directory when the cog writes files.</summary>
    public string DataDirectory { get; init; } = Path.GetTempPath();

    /// <inheritdoc />
    public CancellationToken Unloading => _unloading.Token;

    /// <inheritdoc />
    public TimeProvider Time => Clock;

    /// <inheritdoc />
    public IDiscordBot Discord { get; set; }

    /// <inheritdoc />
    public ICommandRegistry Commands { get; set; }

    /// <inheritdoc />
    public IInteractionRegistry Interactions { get; set; }

    /// <inheritdoc />
    public ILlmService Llm { get; set; }

    /// <inheritdoc />
    public IResponseCache Cache { get; set; }

    /// <inheritdoc />
    public IRateLimitService RateLimits { get; set; }

    /// <inheritdoc />
    public IBotStatistics Statistics { get; set; }

    /// <summary>Cancels <see cref="Unloading"/> and removes the cog's scheduled jobs and HTTP routes, as the host does when the cog unloads.</summary>
    public void SignalUnloading()
    {
        _unloading.Cancel();
        FakeJobs.Clear();
        FakeHttp.Clear();
    }

    /// <inheritdoc />
    public void Dispose() => _unloading.Dispose();
}
