namespace AndyAI.Cogs.MessageHandler;

/// <summary>Counts running handlers so <see cref="MessageHandlerCog.StopAsync"/> can wait for them to finish.</summary>
internal sealed class InFlightRequests
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private volatile bool _closed;

    /// <summary>False once closing has begun: no new work starts.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _count);
        if (_closed)
        {
            Exit();
            return false;
        }

        return true;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0 && _closed)
        {
            _drained.TrySetResult();
        }
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Refuses new work and completes when the running work has finished.</summary>
    public Task CloseAndWaitAsync(CancellationToken cancellationToken)
    {
        _closed = true;
        if (Volatile.Read(ref _count) == 0)
        {
            _drained.TrySetResult();
        }

        return _drained.Task.WaitAsync(cancellationToken);
    }
}
