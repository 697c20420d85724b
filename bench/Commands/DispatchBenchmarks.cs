using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Commands.Parsing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Commands.Bench;

/// <summary>
/// The per-message cost of the command framework: what every mention pays (MessageHandler asks
/// IsCommandInvocation), what prefixed chatter that is not a command pays, and a full command run.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private static readonly CommandParameter[] RemindParameters =
    [
        new("minutes", CommandParameterType.Integer),
        new("who", CommandParameterType.User),
        new("text", CommandParameterType.Remainder) { IsOptional = true },
    ];

    private readonly NullBot _bot = new();
    private CommandCatalog _catalog = null!;
    private CommandDispatcher _dispatcher = null!;
    private DiscordMessage _question = null!;
    private DiscordMessage _unknownPrefixed = null!;
    private DiscordMessage _ping = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new CommandsOptions();
        _catalog = new CommandCatalog(options, _bot);
        for (int i = 0; i < 50; i++)
        {
            _catalog.Add("Cog" + (i % 5), new CommandDefinition("command" + i, "x", (_, _) => ValueTask.CompletedTask) { Aliases = ["c" + i] });
        }

        _catalog.Add("Utility", new CommandDefinition("ping", "x", (_, _) => ValueTask.CompletedTask));
        _dispatcher = new CommandDispatcher(_catalog, _bot, new NoOwners(), TimeProvider.System, NullLogger<CommandDispatcher>.Instance, options);
        var author = new DiscordUser(10, "user", IsBot: false);
        _question = new DiscordMessage { Id = 1, ChannelId = 2, GuildId = 3, Author = author, MentionsBot = true, Content = "<@900> what is the capital of France?" };
        _unknownPrefixed = new DiscordMessage { Id = 1, ChannelId = 2, GuildId = 3, Author = author, Content = "!!! wow" };
        _ping = new DiscordMessage { Id = 1, ChannelId = 2, GuildId = 3, Author = author, Content = "!ping" };
    }

    [Benchmark(Description = "IsCommandInvocation: mention that is a question")]
    public bool MentionQuestion() => _catalog.IsCommandInvocation(_question);

    [Benchmark(Description = "IsCommandInvocation: !ping")]
    public bool PrefixHit() => _catalog.IsCommandInvocation(_ping);

    [Benchmark(Description = "Dispatcher: prefixed message, not a command")]
    public ValueTask UnknownPrefixed() => _dispatcher.HandleMessageAsync(_unknownPrefixed, CancellationToken.None);

    [Benchmark(Description = "Parse `15 <@123> take the pizza out`")]
    public bool ParseArguments() => ArgumentParser.TryParse(RemindParameters, "!remind 15 <@123> take the pizza out", 7, out _, out _);

    [Benchmark(Description = "Dispatcher: !ping run to completion")]
    public async Task RunPing()
    {
        await _dispatcher.HandleMessageAsync(_ping, CancellationToken.None);
        await _dispatcher.WhenIdleAsync();
    }

    private sealed class NoOwners : IBotOwners
    {
        public ValueTask<bool> IsOwnerAsync(ulong userId, CancellationToken cancellationToken) => new(false);
    }

    private sealed class NullBot : IDiscordBot
    {
        public DiscordUser? CurrentUser { get; } = new(900, "bot", IsBot: true);

        public TimeSpan? GatewayLatency => null;

        public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler) => throw new NotSupportedException();

        public Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncDisposable BeginTyping(ulong channelId) => throw new NotSupportedException();

        public Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
