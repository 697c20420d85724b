namespace AndyAI.Cluster.Tests;

/// <summary>
/// A real redis-server for each test (loopback, a free port, no persistence), and what the test built on it
/// (<see cref="Disposables"/>), disposed newest first before the server stops.
/// </summary>
public abstract class RedisFixture
{
    /// <summary>How long any wait in these tests may take before it counts as hung (a hang guard, never a timing assertion).</summary>
    protected static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    /// <summary>This test's server.</summary>
    protected RedisServer Server { get; private set; } = null!;

    /// <summary>Disposed after the test, newest first, before <see cref="Server"/> stops.</summary>
    protected List<IAsyncDisposable> Disposables { get; } = [];

    /// <summary>Runs <paramref name="dispose"/> after the test, with <see cref="Disposables"/>.</summary>
    protected void DisposeAfter(Action dispose) => Disposables.Add(new ActionDisposer(dispose));

    [SetUp]
    public async Task StartRedisAsync() => Server = await RedisServer.StartAsync();

    [TearDown]
    public async Task StopRedisAsync()
    {
        for (int i = Disposables.Count - 1; i >= 0; i--)
        {
            await Disposables[i].DisposeAsync();
        }

        Disposables.Clear();
        await Server.DisposeAsync();
    }

    private sealed class ActionDisposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
