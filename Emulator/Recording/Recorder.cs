namespace AndyAI.Emulator.Recording;

/// <summary>
/// A bounded, append-only log that tests can query and wait on. Waiters re-scan after every append; appends
/// never block on waiters (the signal is completed asynchronously).
/// </summary>
internal sealed class Recorder<T>(int capacity)
    where T : class
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _items = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _total;

    /// <summary>Items appended since start, including those dropped for capacity.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _items.Enqueue(item);
            if (_items.Count > capacity)
            {
                _items.Dequeue();
            }
            _total++;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    public async Task<T> WaitAsync(Func<T, bool> predicate, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        (await WaitCountAsync(predicate, 1, timeout, time, cancellationToken))[0];

    public async Task<IReadOnlyList<T>> WaitCountAsync(Func<T, bool> predicate, int count, TimeSpan timeout, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        using var timeoutCts = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, cancellationToken);
        while (true)
        {
            Task changed;
            List<T> matches = [];
            lock (_gate)
            {
                foreach (T item in _items)
                {
                    if (predicate(item))
                    {
                        matches.Add(item);
                    }
                }
                changed = _changed.Task;
            }
            if (matches.Count >= count)
            {
                return matches;
            }
            try
            {
                await changed.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Timed out after {timeout} waiting for {count} matching {typeof(T).Name}(s); found {matches.Count}.");
            }
        }
    }
}
