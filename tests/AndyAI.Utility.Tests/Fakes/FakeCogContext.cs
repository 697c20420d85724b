using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Utility.Tests.Fakes;

/// <summary>Just enough host for one cog: records registered commands and serves fixed statistics.</summary>
internal sealed class FakeCogContext : ICogContext
{
    public FakeCogContext(string settingsJson = "{}") => Settings = JsonDocument.Parse(settingsJson).RootElement.Clone();

    public string CogName => "Utility";

    public ILogger Logger => NullLogger.Instance;

    public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public JsonElement Settings { get; }

    public string DataDirectory => Path.GetTempPath();

    public CancellationToken Unloading => CancellationToken.None;

    public FakeTimeProvider FakeTime { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public TimeProvider Time => FakeTime;

    public FakeDiscordBot Bot { get; } = new();

    public IDiscordBot Discord => Bot;

    public FakeCommandRegistry Registry { get; } = new();

    /// <summary>Replaces the recording registry with a real one (framework tests).</summary>
    public ICommandRegistry? RealCommands { get; set; }

    public ICommandRegistry Commands => RealCommands ?? Registry;

    public ILlmService Llm => throw new NotSupportedException("Utility does not use the LLM");

    public FakeCache FakeCache { get; } = new();

    public IResponseCache Cache => FakeCache;

    public IRateLimitService RateLimits => throw new NotSupportedException("Utility does not use rate limits");

    public FakeStatistics FakeStatistics { get; } = new();

    public IBotStatistics Statistics => FakeStatistics;
}

internal sealed class FakeCommandRegistry : ICommandRegistry
{
    public List<CommandDefinition> Added { get; } = [];

    public string Prefix => "!";

    public void Add(CommandDefinition command) => Added.Add(command);

    public bool IsCommandInvocation(DiscordMessage message) => false;

    public CommandDefinition this[string name] => Added.Single(command => command.Name == name);
}

internal sealed class FakeStatistics : IBotStatistics
{
    public DateTimeOffset StartedAt { get; set; } = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public Dictionary<string, long> Counters { get; } = [];

    public Dictionary<string, DurationSummary> Durations { get; } = [];

    public void Increment(string counter, long value = 1) => Counters[counter] = Counters.GetValueOrDefault(counter) + value;

    public void RecordDuration(string histogram, TimeSpan duration) => throw new NotSupportedException();

    public BotStatisticsSnapshot Snapshot() => new(StartedAt, new Dictionary<string, long>(Counters), new Dictionary<string, DurationSummary>(Durations));
}

internal sealed class FakeCache : IResponseCache
{
    public ResponseCacheStatistics Statistics { get; set; } = new(0, 0, 0, 0, 0);

    public ResponseCacheStatistics GetStatistics() => Statistics;

    public ValueTask<string> GetOrCreateAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<string?> TryGetAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

internal sealed class FakeDiscordBot : IDiscordBot
{
    private readonly List<Func<DiscordMessage, CancellationToken, ValueTask>> _handlers = [];

    public DiscordUser? CurrentUser => new(900, "AndyAI", IsBot: true);

    public TimeSpan? GatewayLatency { get; set; }

    public Func<Task<TimeSpan>> RestLatency { get; set; } = () => Task.FromResult(TimeSpan.FromMilliseconds(87));

    public List<OutgoingMessage> Sent { get; } = [];

    public Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default) => RestLatency();

    public async Task DeliverAsync(DiscordMessage message)
    {
        foreach (var handler in _handlers.ToArray())
        {
            await handler(message, CancellationToken.None);
        }
    }

    public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
    {
        _handlers.Add(handler);
        return new Subscription(() => _handlers.Remove(handler));
    }

    public Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        lock (Sent)
        {
            Sent.Add(message);
        }

        return Task.FromResult(new DiscordMessage { Id = 9999, ChannelId = channelId, Author = CurrentUser!, Content = message.Content });
    }

    public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncDisposable BeginTyping(ulong channelId) => throw new NotSupportedException();

    public Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>One invocation; records replies.</summary>
internal sealed class FakeCommandContext : ICommandContext
{
    public DiscordMessage Message { get; } = new()
    {
        Id = 1,
        ChannelId = 2,
        Author = new DiscordUser(3, "someone", IsBot: false),
        Content = "!x",
    };

    public string InvokedAs { get; init; } = "x";

    public bool CallerIsOwner { get; init; }

    public List<string> Replies { get; } = [];

    public T Get<T>(string name) => throw new KeyNotFoundException(name);

    public Task<DiscordMessage> ReplyAsync(string content, CancellationToken cancellationToken = default)
    {
        Replies.Add(content);
        return Task.FromResult(Message with { Content = content });
    }
}
