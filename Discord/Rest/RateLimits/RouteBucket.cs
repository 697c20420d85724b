namespace AndyAI.Discord.Rest.RateLimits;

/// <summary>
/// The state of one rate-limit bucket (one <c>X-RateLimit-Bucket</c> hash and top-level resource). Every update
/// happens under one lock and only ever lowers what is left in the current window, so responses that arrive out
/// of order cannot hand out permits the bucket does not have.
/// </summary>
internal sealed class RouteBucket(TimeProvider time)
{
    // Two headers for the same window may differ by rounding; a later window starts at least this much later.
    private static readonly TimeSpan SameWindowTolerance = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _known;
    private int _limit;
    private int _remaining;
    private DateTimeOffset? _resetAt;
    private int _inFlight;

    public int Remaining
    {
        get { lock (_gate) return _remaining; }
    }

    public int Limit
    {
        get { lock (_gate) return _limit; }
    }

    public bool IsKnown
    {
        get { lock (_gate) return _known; }
    }

    /// <summary>Takes one permit, waiting for the window to reset (or for the first response to teach us the limit).</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task? signal = null;
            TimeSpan wait = TimeSpan.Zero;
            lock (_gate)
            {
                DateTimeOffset now = time.GetUtcNow();
                if (_resetAt is DateTimeOffset reset && now >= reset)
                {
                    // The window is over: refill, and learn the next window's end from the next response.
                    _remaining = _known ? _limit : 0;
                    _resetAt = null;
                }

                if (!_known)
                {
                    // Until one response told us the limit, one request at a time.
                    if (_inFlight == 0)
                    {
                        _inFlight++;
                        return;
                    }

                    signal = _changed.Task;
                }
                else if (_remaining > 0)
                {
                    _remaining--;
                    _inFlight++;
                    return;
                }
                else if (_resetAt is DateTimeOffset until)
                {
                    wait = until - now;
                }
                else
                {
                    signal = _changed.Task; // exhausted in a refilled window: a response will tell when it resets
                }
            }

            if (signal is not null)
            {
                await signal.WaitAsync(cancellationToken);
            }
            else
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    /// <summary>Applies a response's headers (or none), returning the permit taken by <see cref="AcquireAsync"/>.</summary>
    public void Complete(RateLimitHeaders? headers)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _inFlight = Math.Max(0, _inFlight - 1);
            if (headers is { } h)
            {
                Apply(h);
            }
            else if (!_known)
            {
                // A route without rate-limit headers is not limited.
                _known = true;
                _limit = int.MaxValue;
                _remaining = int.MaxValue;
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Returns the permit without learning anything (the request failed before Discord answered).</summary>
    public void Release()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _inFlight = Math.Max(0, _inFlight - 1);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>A 429 for this bucket (or its shared resource): nothing is left until <paramref name="retryAfter"/> has passed.</summary>
    public void Exhaust(TimeSpan retryAfter)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _inFlight = Math.Max(0, _inFlight - 1);
            if (!_known)
            {
                _known = true;
                _limit = 1;
            }

            _remaining = 0;
            DateTimeOffset until = time.GetUtcNow() + retryAfter;
            if (_resetAt is null || _resetAt < until) _resetAt = until;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Another process emptied this bucket: nothing is left here either until <paramref name="until"/> (no permit is returned).</summary>
    public void ExhaustUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until <= time.GetUtcNow()) return;
            if (!_known)
            {
                _known = true;
                _limit = 1;
            }

            _remaining = 0;
            if (_resetAt is null || _resetAt < until) _resetAt = until;
        }
    }

    private void Apply(RateLimitHeaders h)
    {
        DateTimeOffset newReset = h.ResetAt;
        if (!_known)
        {
            _known = true;
            _limit = h.Limit;
            _remaining = h.Remaining;
            _resetAt = newReset;
            return;
        }

        _limit = h.Limit;
        if (_resetAt is not DateTimeOffset current)
        {
            // We refilled optimistically; the server's count for the new window is the truth, but never give back
            // permits already handed out.
            _remaining = Math.Min(_remaining, h.Remaining);
            _resetAt = newReset;
        }
        else if (newReset > current + SameWindowTolerance)
        {
            _remaining = h.Remaining; // a newer window than the one we track
            _resetAt = newReset;
        }
        else if (newReset >= current - SameWindowTolerance)
        {
            _remaining = Math.Min(_remaining, h.Remaining); // same window: a late response cannot raise the count
        }

        // else: a response from an older window arrived late; it says nothing about now.
    }
}
