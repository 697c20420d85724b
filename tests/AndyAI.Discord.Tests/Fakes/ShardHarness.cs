using System.Threading.Channels;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Fakes;

/// <summary>One shard wired to fakes: a fake clock, fake sockets and the event channel.</summary>
internal sealed class ShardHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();

    public ShardHarness(DiscordClientOptions? options = null, double random = 0.5, MessageInterest interests = MessageInterest.All, ILogger? logger = null)
    {
        Options = options ?? new DiscordClientOptions { Token = "test-token" };
        Connections = new FakeGatewayConnectionFactory(Time);
        Filter = new MessageCreateFilter(Options.CommandPrefix);
        Filter.SetInterests(interests);
        var context = new GatewayShardContext(Options, Connections, new IdentifyGate(Time, NullLogger.Instance), Filter, State,
            Events.Writer, Time, new FixedRandom(random), logger ?? NullLogger.Instance);
        Shard = new GatewayShard(0, 1, new Uri("wss://gateway.example/"), context);
        Run = Task.Run(() => Shard.RunAsync(_cts.Token));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public DiscordClientOptions Options { get; }

    public FakeGatewayConnectionFactory Connections { get; }

    public MessageCreateFilter Filter { get; }

    public GatewayState State { get; } = new();

    public Channel<GatewayEvent> Events { get; } = Channel.CreateBounded<GatewayEvent>(1024);

    public GatewayShard Shard { get; }

    public Task Run { get; }

    public async Task<GatewayEvent> NextEventAsync(GatewayEventKind kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            GatewayEvent e = await Events.Reader.ReadAsync(timeout.Token);
            if (e.Kind == kind) return e;
        }
    }

    /// <summary>Connects, says HELLO, waits for IDENTIFY, sends READY and waits until the shard processed it.</summary>
    public async Task<FakeGatewayConnection> ConnectReadyAsync(int heartbeatMs = 41250, ulong botId = 42)
    {
        FakeGatewayConnection connection = await Connections.NextAsync();
        connection.Hello(heartbeatMs);
        await connection.NextOpAsync(2);
        connection.Ready(botId);
        await NextEventAsync(GatewayEventKind.Ready);
        return connection;
    }

    /// <summary>Advances the fake clock in steps until <paramref name="task"/> completes (the test kit's hang guard).</summary>
    public Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan step) => Time.AdvanceUntilAsync(task, step);

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // Each test asserts what it expects of Run itself.
        }

        await Shard.DisposeAsync();
        _cts.Dispose();
    }
}
