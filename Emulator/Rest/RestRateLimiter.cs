namespace AndyAI.Emulator.Rest;

/// <summary>Fixed-window counters per bucket and major parameter, plus the global per-second limit.</summary>
internal sealed class RestRateLimiter(EmulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = options.TimeProvider;
    private Window _global;
    private readonly Queue<long> _invalid = new();
    private readonly Queue<RestFaultEntry> _faults = new();

    private struct Window
    {
        public long Start;
        public int Count;
        public bool Started;
    }

    private sealed class RestFaultEntry(RestFault fault, int count, TimeSpan retryAfter)
    {
        public RestFault Fault { get; } = fault;
        public int Remaining { get; set; } = count;
        public TimeSpan RetryAfter { get; } = retryAfter;
    }

    public readonly record struct BucketState(int Limit, int Remaining, double ResetAfterSeconds, double ResetEpochSeconds, bool Allowed);

    /// <summary>Returns null when allowed, else the seconds until the global window reopens.</summary>
    public double? TryGlobal()
    {
        if (!options.EnforceRestRateLimits)
        {
            return null;
        }
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            TimeSpan window = TimeSpan.FromSeconds(1);
            if (!_global.Started || _time.GetElapsedTime(_global.Start, now) >= window)
            {
                _global = new Window { Start = now, Count = 0, Started = true };
            }
            if (_global.Count >= options.GlobalRateLimitPerSecond)
            {
                return Math.Max(0.001, (window - _time.GetElapsedTime(_global.Start, now)).TotalSeconds);
            }
            _global.Count++;
            return null;
        }
    }

    public BucketState Take(string bucketKey, int limit, TimeSpan window)
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            _windows.TryGetValue(bucketKey, out Window w);
            if (!w.Started || _time.GetElapsedTime(w.Start, now) >= window)
            {
                w = new Window { Start = now, Count = 0, Started = true };
            }
            bool allowed = !options.EnforceRestRateLimits || w.Count < limit;
            if (allowed)
            {
                w.Count++;
            }
            _windows[bucketKey] = w;
            double resetAfter = Math.Max(0, (window - _time.GetElapsedTime(w.Start, now)).TotalSeconds);
            double resetEpoch = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0 + resetAfter;
            return new BucketState(limit, Math.Max(0, limit - w.Count), resetAfter, resetEpoch, allowed);
        }
    }

    public void InjectFaults(RestFault fault, int count, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            _faults.Enqueue(new RestFaultEntry(fault, count, retryAfter));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public (RestFault Fault, TimeSpan RetryAfter)? TakeFault()
    {
        lock (_gate)
        {
            while (_faults.TryPeek(out RestFaultEntry? entry))
            {
                if (entry.Remaining <= 0)
                {
                    _faults.Dequeue();
                    continue;
                }
                entry.Remaining--;
                if (entry.Remaining == 0)
                {
                    _faults.Dequeue();
                }
                return (entry.Fault, entry.RetryAfter);
            }
            return null;
        }
    }

    public void CountInvalid()
    {
        lock (_gate)
        {
            _invalid.Enqueue(_time.GetTimestamp());
            PruneInvalid();
        }
    }

    /// <summary>401/403/429 (non-shared) responses in the last 10 minutes; Discord bans an IP at 10,000.</summary>
    public int InvalidInLastTenMinutes()
    {
        lock (_gate)
        {
            PruneInvalid();
            return _invalid.Count;
        }
    }

    private void PruneInvalid()
    {
        while (_invalid.TryPeek(out long t) && _time.GetElapsedTime(t) > TimeSpan.FromMinutes(10))
        {
            _invalid.Dequeue();
        }
    }
}
