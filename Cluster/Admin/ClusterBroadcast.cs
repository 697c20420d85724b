using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AndyAI.Cluster.Admin;

/// <summary>
/// Ask every process of the bot to do something and collect one answer from each, over Redis pub/sub: requests go
/// to <c>{prefix}admin</c>, each answer to the asker's own channel <c>{prefix}admin:answer:{owner}</c>. The asker
/// waits for every process alive when it asked (<see cref="ClusterMembers"/>) and reports those that stay silent
/// past the timeout. While Redis is away only this process answers.
/// </summary>
internal sealed partial class ClusterBroadcast : IDisposable
{
    private readonly RedisConnection _redis;
    private readonly ClusterMembers _members;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisChannel _requests;
    private readonly RedisChannel _answers;
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Func<string, string, CancellationToken, Task<string>>? _handler;
    private int _subscribed;

    public ClusterBroadcast(RedisConnection redis, ClusterMembers members, TimeProvider time, ILogger<ClusterBroadcast> logger)
    {
        _redis = redis;
        _members = members;
        _time = time;
        _logger = logger;
        _requests = RedisChannel.Literal(redis.Prefix + "admin");
        _answers = RedisChannel.Literal(redis.Prefix + "admin:answer:" + redis.OwnerId);
        redis.Restored += () => _ = SubscribeAsync();
    }

    /// <summary>How long an asker waits for the other processes.</summary>
    public TimeSpan Timeout => _redis.Options.AdminReplyTimeout;

    /// <summary>
    /// Sets what this process does when asked (kind, argument → its answer) and starts listening; completes once
    /// subscribed (at once while Redis is away: it subscribes when Redis is back). Never throws for Redis.
    /// </summary>
    public Task StartAnsweringAsync(Func<string, string, CancellationToken, Task<string>> handler)
    {
        _handler = handler;
        return SubscribeAsync();
    }

    /// <summary>
    /// Runs <paramref name="local"/> here and asks every other live process to run request <paramref name="kind"/>;
    /// returns this process's answer first, then the others' by name, silent ones with a <see langword="null"/> text.
    /// </summary>
    public async Task<IReadOnlyList<ClusterAnswer>> AskEveryoneAsync(string kind, string argument, Func<CancellationToken, Task<string>> local, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        IReadOnlyList<string> others = [];
        Pending? pending = null;
        if (_redis.Database is { } db)
        {
            try
            {
                others = [.. (await _members.ListAsync(db)).Where(m => m != _redis.OwnerId)];
                if (others.Count > 0)
                {
                    string id = Guid.NewGuid().ToString("N");
                    pending = new Pending(others) { Id = id };
                    _pending[id] = pending;
                    await db.PublishAsync(_requests, JsonSerializer.Serialize(new ClusterMessage(id, _redis.OwnerId, kind, argument), ClusterJsonContext.Default.ClusterMessage));
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogAskFailed(_logger, kind, ex.Message);
                others = [];
                pending = null;
            }
        }

        string mine = await local(cancellationToken);
        // Two processes given one INSTANCE_NAME would be two sections of the same name: those are told apart by
        // their owner ids (name/suffix), so the report shows that a name is used twice and which part is whose.
        var sharedNames = new HashSet<string>([.. others.Append(_redis.OwnerId).GroupBy(ClusterMembers.NameOf).Where(g => g.Count() > 1).Select(g => g.Key)], StringComparer.Ordinal);
        string Label(string owner) => sharedNames.Contains(ClusterMembers.NameOf(owner)) ? owner : ClusterMembers.NameOf(owner);
        var answers = new List<ClusterAnswer> { new(Label(_redis.OwnerId), mine, true) };
        if (pending is null) return answers;

        try
        {
            await pending.AllAnswered.Task.WaitAsync(_redis.Options.AdminReplyTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Reported per process below.
        }
        finally
        {
            if (pending.Id is { } id) _pending.TryRemove(id, out _);
        }

        foreach (string owner in others.Order(StringComparer.Ordinal))
        {
            answers.Add(new ClusterAnswer(Label(owner), pending.Answers.TryGetValue(owner, out string? text) ? text : null, false));
        }

        return answers;
    }

    private async Task SubscribeAsync()
    {
        if (_handler is null || _redis.Multiplexer is not { IsConnected: true } mux || Interlocked.Exchange(ref _subscribed, 1) != 0) return;
        try
        {
            ISubscriber subscriber = mux.GetSubscriber();
            // StackExchange.Redis re-subscribes both after a reconnect.
            await subscriber.SubscribeAsync(_requests, (channel, message) => _ = OnRequestAsync(message));
            await subscriber.SubscribeAsync(_answers, (_, message) => OnAnswer(message));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
        }
    }

    private async Task OnRequestAsync(RedisValue payload)
    {
        ClusterMessage? request = Read(payload);
        if (request is null || request.From == _redis.OwnerId || _handler is not { } handler) return;
        string answer;
        try
        {
            answer = await handler(request.Kind, request.Argument, _stopping.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            answer = "failed: " + ex.Message.ReplaceLineEndings(" ");
        }
        catch (OperationCanceledException)
        {
            return; // stopping: the asker reports this process as silent
        }

        try
        {
            if (_redis.Database is { } db)
            {
                await db.PublishAsync(RedisChannel.Literal(_redis.Prefix + "admin:answer:" + request.From),
                    JsonSerializer.Serialize(new ClusterMessage(request.Id, _redis.OwnerId, "", answer), ClusterJsonContext.Default.ClusterMessage));
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogAnswerFailed(_logger, request.Kind, ex.Message);
        }
    }

    private void OnAnswer(RedisValue payload)
    {
        if (Read(payload) is { } answer && _pending.TryGetValue(answer.Id, out Pending? pending)) pending.Add(answer.From, answer.Argument);
    }

    private ClusterMessage? Read(RedisValue payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload.ToString(), ClusterJsonContext.Default.ClusterMessage);
        }
        catch (JsonException ex)
        {
            LogUnreadable(_logger, ex.Message);
            return null;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed class Pending(IReadOnlyList<string> expected)
    {
        private int _missing = expected.Count;

        public string? Id { get; set; }

        public ConcurrentDictionary<string, string> Answers { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource AllAnswered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(string from, string text)
        {
            if (!expected.Contains(from) || !Answers.TryAdd(from, text)) return;
            if (Interlocked.Decrement(ref _missing) == 0) AllAnswered.TrySetResult();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not ask the other processes to {Kind} ({Error}); only this process acted")]
    private static partial void LogAskFailed(ILogger logger, string kind, string error);

    [LoggerMessage(LogLevel.Warning, "Could not send this process's answer to {Kind} ({Error}); the asker reports it as silent")]
    private static partial void LogAnswerFailed(ILogger logger, string kind, string error);

    [LoggerMessage(LogLevel.Warning, "Ignored an unreadable message on the admin channel: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string error);
}
