using AndyAI.Storage.Conversations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Storage.Tests;

/// <summary>A fresh database of one engine with the storage services over it, on a fake clock.</summary>
internal sealed class StorageSut : IAsyncDisposable
{
    private readonly string? _sqliteFile;

    private StorageSut(DatabaseKind kind, StorageOptions options, FakeTimeProvider time, string? sqliteFile)
    {
        Kind = kind;
        Options = options;
        Time = time;
        _sqliteFile = sqliteFile;
        Database database = kind == DatabaseKind.Sqlite
            ? new SqliteDatabase(options.SqlitePath!, options.BusyTimeout)
            : new PostgresDatabase(DatabaseUrl.Parse(options.DatabaseUrl!));
        Access = new DatabaseAccess(database, Microsoft.Extensions.Options.Options.Create(options), time, NullLogger<DatabaseAccess>.Instance);
        Memory = new ConversationMemory(Access, NullLogger<ConversationMemory>.Instance);
        Service = new StorageService(Access, Memory, NullLogger<StorageService>.Instance);
        Cogs = new CogStorageProvider(Access);
        Accounts = new AndyAI.Storage.Accounts.Accounts(Access);
    }

    public AndyAI.Storage.Accounts.Accounts Accounts { get; }

    public DatabaseKind Kind { get; }

    public StorageOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public DatabaseAccess Access { get; }

    public ConversationMemory Memory { get; }

    public StorageService Service { get; }

    public CogStorageProvider Cogs { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string SqliteFile => _sqliteFile ?? throw new InvalidOperationException("not SQLite");

    /// <summary>A new empty database; <paramref name="configure"/> adjusts the options. Not started.</summary>
    public static async Task<StorageSut> CreateAsync(DatabaseKind kind, Action<StorageOptions>? configure = null, string? sqliteFile = null)
    {
        var options = new StorageOptions { RetryDelay = TimeSpan.FromMilliseconds(1), Retries = 0, BusyTimeout = TimeSpan.FromSeconds(1) };
        if (kind == DatabaseKind.Sqlite)
        {
            sqliteFile ??= Path.Combine(Path.GetTempPath(), "andyai-storage-tests", Guid.NewGuid().ToString("N"), "andyai.db");
            options.SqlitePath = sqliteFile;
        }
        else
        {
            PostgresCluster cluster = await Engines.ClusterAsync();
            options.DatabaseUrl = cluster.Url(await cluster.CreateDatabaseAsync());
        }

        configure?.Invoke(options);
        return new StorageSut(kind, options, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)), sqliteFile);
    }

    /// <summary>Created and started (file checked, migrations applied).</summary>
    public static async Task<StorageSut> StartAsync(DatabaseKind kind, Action<StorageOptions>? configure = null)
    {
        StorageSut sut = await CreateAsync(kind, configure);
        await sut.Service.StartAsync(CancellationToken.None);
        return sut;
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Service.StopAsync(CancellationToken.None);
        Service.Dispose();
        await Access.DisposeAsync();
    }
}
