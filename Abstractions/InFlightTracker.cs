namespace AndyAI.Abstractions;

/// <summary>
/// Counts work that is running (answers being written, commands being executed) so its owner can stop taking new
/// work and wait for the running work to finish. The host's command dispatcher and cogs use the same type.
/// </summary>
/// <remarks>
/// Entered once per unit of work, so a plain lock is cheap enough and keeps the idle signal exact: there is no
/// window in which <see cref="WhenIdleAsync"/> completes while an entered unit is still running.
/// </remarks>
public sealed class InFlightTracker
{
    private readonly Lock _gate = new();
    private int _count;
    private bool _closed;
    private TaskCompletionSource? _idle;

    /// <summary>The units of work running now.</summary>
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

    /// <summary>Whether <see cref="Close"/> has been called: no new work is accepted.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Counts one unit of work as running. Pair every <see langword="true"/> with one <see cref="Exit"/>.</summary>
    /// <returns><see langword="false"/> once <see cref="Close"/> has been called: do not start the work.</returns>
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

    /// <summary>Marks one unit of work entered with <see cref="TryEnter"/> as finished.</summary>
    /// <exception cref="InvalidOperationException">More exits than entries.</exception>
    public void Exit()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (_count == 0)
            {
                throw new InvalidOperationException("InFlightTracker.Exit was called more often than TryEnter.");
            }

            if (--_count == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    /// <summary>Refuses new work from now on; running work goes on.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <summary>Completes the next time no work is running (at once when none is).</summary>
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
    /// <param name="cancellationToken">Stops the wait (not the work), e.g. when a stop deadline passes.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task CloseAndWaitAsync(CancellationToken cancellationToken = default)
    {
        Close();
        return WhenIdleAsync().WaitAsync(cancellationToken);
    }
}
