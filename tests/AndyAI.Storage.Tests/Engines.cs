namespace AndyAI.Storage.Tests;

/// <summary>The one PostgreSQL cluster of this test assembly, started on first use and stopped after the last test.</summary>
[SetUpFixture]
public sealed class Engines
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresCluster? _cluster;

    /// <summary>What every storage fixture runs against.</summary>
    public static IEnumerable<DatabaseKind> All => [DatabaseKind.Sqlite, DatabaseKind.PostgreSql];

    internal static async Task<PostgresCluster> ClusterAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _cluster ??= await PostgresCluster.StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }
    }
}
