namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Counts the answers being written, so <see cref="MessageHandlerCog.StopAsync"/> can let them finish. Touched
/// once per mention, so a plain lock is cheap enough and keeps the idle signal exact.
/// </summary>
internal sealed class InFlightRequests
{
    private readonly Lock _gate = new();
    private int _count;
    private bool _closed;
    private TaskCompletionSource? _idle;

    /// <summary>False once closing has begun: no new work starts.</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _count++;
            return true;
        }
    }

    public void Exit()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_count == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Completes when no work is running (at once when none is).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>Refuses new work and completes when the running work has finished.</summary>
    public Task CloseAndWaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _closed = true;
        }

        return WhenIdleAsync().WaitAsync(cancellationToken);
    }
}
