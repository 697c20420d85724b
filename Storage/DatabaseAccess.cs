using AndyAI.Abstractions;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AndyAI.Storage;

/// <summary>
/// The one way the stores reach the database: a connection per operation, the writer gate around writes, retries
/// with backoff for passing failures, and the availability flag that turns a longer outage into "answer without
/// memory" (logged once when it starts and once when it ends).
/// </summary>
internal sealed class DatabaseAccess : IAsyncDisposable
{
    private readonly StorageOptions _options;
    private readonly ILogger _logger;
    private int _available = 1;
    private TaskCompletionSource _outage = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DatabaseAccess(Database database, IOptions<StorageOptions> options, TimeProvider time, ILogger<DatabaseAccess> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Database = database;
        _options = options.Value;
        Time = time;
        _logger = logger;
    }

    public Database Database { get; }

    public TimeProvider Time { get; }

    public StorageOptions Options => _options;

    /// <summary>Whether the database answered the last time it was asked.</summary>
    public bool IsAvailable => Volatile.Read(ref _available) == 1;

    /// <summary>The last failure that made the database unavailable, for /stats.</summary>
    public string? LastError { get; private set; }

    /// <summary>Completes when the database becomes unavailable (the background service then probes it).</summary>
    public Task WhenUnavailable => Volatile.Read(ref _outage).Task;

    /// <summary>Runs <paramref name="operation"/> on an open connection, retrying passing failures with doubling delays.</summary>
    public Task<T> RunAsync<T>(string name, bool write, Func<DbConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        RetryAsync(name, async ct =>
        {
            using IDisposable? writer = write ? await Database.EnterWriteAsync(ct) : null;
            await using DbConnection connection = await Database.OpenAsync(ct);
            return await operation(connection, ct);
        }, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}"/> for callers that must hear about an outage: fails at once while the database is
    /// unavailable, and marks it unavailable when the retries are spent.
    /// </summary>
    /// <exception cref="AndyAI.Abstractions.Storage.StorageUnavailableException">The database is unavailable.</exception>
    public async Task<T> RunOrThrowAsync<T>(string name, bool write, Func<DbConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            throw new AndyAI.Abstractions.Storage.StorageUnavailableException($"The database is unavailable ({LastError}).");
        }

        try
        {
            return await RunAsync(name, write, operation, cancellationToken);
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex))
        {
            MarkUnavailable(ex);
            throw new AndyAI.Abstractions.Storage.StorageUnavailableException($"The database is unavailable ({OneLine(ex)}).", ex);
        }
    }

    /// <summary>Runs <paramref name="operation"/>, retrying passing failures with doubling delays.</summary>
    public async Task<T> RetryAsync<T>(string name, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (Exception ex) when (attempt < _options.Retries && TransientFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                TimeSpan delay = _options.RetryDelay * Math.Pow(2, attempt);
                StorageLog.Retrying(_logger, name, OneLine(ex), attempt + 1, DurationText.Format(delay));
                await Task.Delay(delay, Time, cancellationToken);
            }
        }
    }

    /// <summary>Records that the database failed after its retries; logs only the first failure of an outage.</summary>
    public void MarkUnavailable(Exception exception)
    {
        LastError = OneLine(exception);
        if (Interlocked.Exchange(ref _available, 0) == 1)
        {
            StorageLog.Unavailable(_logger, Database.Description, LastError, DurationText.Format(_options.ProbeInterval));
            Volatile.Read(ref _outage).TrySetResult();
        }
    }

    /// <summary>Records that the database answered again (after a probe and the backlog's flush).</summary>
    public void MarkAvailable(int written)
    {
        if (IsAvailable)
        {
            return;
        }

        // A fresh signal before the flag flips: an outage right after this must complete the new one.
        Volatile.Write(ref _outage, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Interlocked.CompareExchange(ref _available, 1, 0) == 0)
        {
            LastError = null;
            StorageLog.Recovered(_logger, Database.Description, written);
        }
    }

    public long NowMilliseconds() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    internal static string OneLine(Exception exception) =>
        $"{exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}";
}
