using System.Data.Common;
using Npgsql;

namespace AndyAI.Storage;

/// <summary>A PostgreSQL server through one pooled Npgsql data source.</summary>
internal sealed class PostgresDatabase(DatabaseUrl url) : Database
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(url.ConnectionString);

    public override DatabaseKind Kind => DatabaseKind.PostgreSql;

    public override string Description => url.Description;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(NoGate.Instance);

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private sealed class NoGate : IDisposable
    {
        public static readonly NoGate Instance = new();

        public void Dispose()
        {
        }
    }
}
