using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Abstractions.Interactions;
using AndyAI.Emulator.OpenAi;
using AndyAI.Testing;
using AndyAI.Services;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Benchmarks.MessageHandler;

/// <summary>
/// The cog's own cost for a mention whose answer is cached: trigger checks, prompt extraction, both rate limits,
/// the LLM service's cache key and read-only lookup, splitting and the reply. The LLM service is the real one (over
/// the OpenAI fake, asked once in setup); Discord, rate limits and statistics are in-memory stand-ins that cost
/// ~nothing. (The end-to-end number over the emulator is issue 6's benchmark, run by the lead.)
/// </summary>
[MemoryDiagnoser]
public class CachedMentionBenchmarks
{
    private readonly BenchContext _context = new();
    private OpenAiFakeServer _model = null!;
    private ServiceProvider _services = null!;
    private ICogServices _cogServices = null!;
    private ICog _cog = null!;
    private DiscordMessage _mention = null!;
    private ulong _nextId = 1_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _model = OpenAiFakeServer.StartAsync(new OpenAiFakeOptions { Responder = _ => "A token bucket holds up to N tokens and refills at a steady rate." }).GetAwaiter().GetResult();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:BaseUrl"] = _model.BaseUrl.ToString(),
            ["Llm:ApiKey"] = "sk-bench-not-a-key",
        }).Build();
        _services = new ServiceCollection().AddAndyAIServices(configuration).BuildServiceProvider();
        _cogServices = _services.GetRequiredService<ICogServicesFactory>().Create("MessageHandler");
        _context.Llm = _cogServices.Llm;
        _cog = (ICog)Activator.CreateInstance(MessageHandlerCogAssembly.Assembly.GetType("AndyAI.Cogs.MessageHandler.MessageHandlerCog", throwOnError: true)!)!;
        _cog.StartAsync(_context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _mention = new DiscordMessage
        {
            Id = 1,
            ChannelId = 400,
            GuildId = 300,
            Author = new DiscordUser(500, "alice", false),
            Content = "<@100> what is a token bucket?",
            MentionsBot = true,
            MentionedUserIds = [100],
        };
        _context.Bot.Deliver(_mention).AsTask().GetAwaiter().GetResult(); // fills the cache

        // The cog answers in a task of its own, here over real HTTP to the fake: wait for that first answer.
        if (!SpinWait.SpinUntil(() => _context.Bot.Sent == 1, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("setup got no answer within 30 s");
        }

        if (_model.ChatRequestCount != 1 || _context.Bot.Sent != 1)
        {
            throw new InvalidOperationException("setup did not answer through the model");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cog.StopAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        int calls = _model.ChatRequestCount;
        _cogServices.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _services.Dispose();
        _model.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (calls != 1)
        {
            throw new InvalidOperationException("a benchmarked mention missed the cache");
        }
    }

    [Benchmark]
    public ValueTask CachedMention() => _context.Bot.Deliver(_mention with { Id = ++_nextId });

    private sealed class BenchContext : ICogContext
    {
        public BenchBot Bot { get; } = new();

        public ILlmService Llm { get; set; } = null!;

        public string CogName => "MessageHandler";

        public ILogger Logger => NullLogger.Instance;

        public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public JsonElement Settings { get; } = JsonDocument.Parse("{}").RootElement.Clone();

        public string DataDirectory => Path.GetTempPath();

        public CancellationToken Unloading => CancellationToken.None;

        public TimeProvider Time => TimeProvider.System;

        public IDiscordBot Discord => Bot;

        public ICommandRegistry Commands { get; } = new NoCommands();

        // The cog registers /ask, /forget and /mydata at start (contract 1.1 and later); nothing invokes them here.
        public IInteractionRegistry Interactions { get; } = new FakeInteractionRegistry();

        public IResponseCache Cache { get; } = new DictionaryCache();

        public IRateLimitService RateLimits { get; } = new Unlimited();

        public IBotStatistics Statistics { get; } = new NoStatistics();
    }

    private sealed class BenchBot : IDiscordBot
    {
        private Func<DiscordMessage, CancellationToken, ValueTask>? _handler;
        private DiscordMessage? _sent;

        public int Sent { get; private set; }

        public DiscordUser? CurrentUser { get; } = new(100, "AndyAI", true);

        public TimeSpan? GatewayLatency => null;

        public ValueTask Deliver(DiscordMessage message) => _handler!(message, CancellationToken.None);

        public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
        {
            _handler = handler;
            return new Unsubscribe(this);
        }

        public Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default)
        {
            Sent++;
            _sent ??= new DiscordMessage { Id = 9, ChannelId = channelId, Author = CurrentUser!, Content = message.Content };
            return Task.FromResult(_sent);
        }

        public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default) => SendMessageAsync(channelId, new OutgoingMessage(content), cancellationToken);

        public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public IAsyncDisposable BeginTyping(ulong channelId) => new Typing();

        public Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) => Task.FromResult<DiscordMessage?>(null);

        public Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default) => Task.FromResult(TimeSpan.Zero);

        private sealed class Unsubscribe(BenchBot bot) : IDisposable
        {
            public void Dispose() => bot._handler = null;
        }

        private sealed class Typing : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class DictionaryCache : IResponseCache
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _entries = new();

        public async ValueTask<string> GetOrCreateAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
            _entries.TryGetValue(key, out string? value) ? value : _entries[key] = await factory(cancellationToken);

        public ValueTask<string?> TryGetAsync(string key, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(_entries.TryGetValue(key, out string? value) ? value : null);

        public ValueTask SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
        {
            _entries[key] = value;
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
        {
            _entries.TryRemove(key, out _);
            return ValueTask.CompletedTask;
        }

        public ResponseCacheStatistics GetStatistics() => new(0, 0, _entries.Count, 0, 0);
    }

    private sealed class Unlimited : IRateLimitService, IKeyedRateLimiter
    {
        public IKeyedRateLimiter PerUser => this;

        public IKeyedRateLimiter PerGuild => this;

        public IKeyedRateLimiter Create(RateLimitPolicy policy) => this;

        public RateLimitDecision TryAcquire(ulong key, int permits = 1) => RateLimitDecision.Allowed;

        public void Dispose()
        {
        }
    }

    private sealed class NoCommands : ICommandRegistry
    {
        public string Prefix => "!";

        public void Add(CommandDefinition command)
        {
        }

        public bool IsCommandInvocation(DiscordMessage message) => false;
    }

    private sealed class NoStatistics : IBotStatistics
    {
        public void Increment(string counter, long value = 1)
        {
        }

        public void RecordDuration(string histogram, TimeSpan duration)
        {
        }

        public BotStatisticsSnapshot Snapshot() => new(default, new Dictionary<string, long>(), new Dictionary<string, DurationSummary>());
    }
}
