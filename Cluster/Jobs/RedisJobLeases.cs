using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AndyAI.Cluster.Jobs;

/// <summary>
/// Cluster-wide scheduled jobs over Redis: a tick is claimed with <c>SET NX</c> on
/// <c>{prefix}job:{cog}:{job}:tick:{unix ms}</c>, so one process runs it, and the run holds
/// <c>{prefix}job:{cog}:{job}:running</c> (renewed every <see cref="RenewEvery"/>), so the next tick waits for it
/// anywhere in the cluster; a process that dies lets its lease lapse after <see cref="RunningTtl"/>. When Redis loses
/// its data during a run, the next renewal takes the lease again (with a Warning).
/// </summary>
internal sealed partial class RedisJobLeases(RedisConnection redis, TimeProvider time, ILogger<RedisJobLeases> logger) : IJobLeases
{
    /// <summary>How long a run's lease lasts without renewal (a dead process blocks the job this long at most).</summary>
    public static readonly TimeSpan RunningTtl = TimeSpan.FromSeconds(30);

    /// <summary>How often a running job's lease is renewed.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    // Longer than the connection's first attempt (its connect timeout is at most 3 s).
    private static readonly TimeSpan FirstConnectionWait = TimeSpan.FromSeconds(5);

    // A claimed tick is remembered for its period, at least a minute (clocks of two processes may differ by seconds)
    // and at most a day (one small key per tick; a weekly job's tick cannot come round again within a day anyway).
    private static readonly TimeSpan MinimumTickTtl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaximumTickTtl = TimeSpan.FromDays(1);

    public async ValueTask<JobClaim> ClaimAsync(string cogName, string jobName, DateTimeOffset tick, TimeSpan tickPeriod, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cogName);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        IDatabase? db = redis.Database;
        if (db is null && !redis.Created.IsCompleted)
        {
            // At start the cogs load while the first connection attempt is still going: a job's first tick waits for
            // that attempt (it ends within its connect timeout) instead of calling Redis down at every start.
            try
            {
                await redis.Created.WaitAsync(FirstConnectionWait, time, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or RedisException or ArgumentException or InvalidOperationException)
            {
                // Still connecting, or a configuration the library refused (logged by the connection): unavailable.
            }

            db = redis.Database;
        }

        if (db is null)
        {
            return JobClaim.Unavailable;
        }

        string job = redis.Prefix + "job:" + cogName + ":" + jobName;
        string running = job + ":running";
        string tickKey = job + ":tick:" + tick.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        TimeSpan tickTtl = tickPeriod < MinimumTickTtl ? MinimumTickTtl : tickPeriod > MaximumTickTtl ? MaximumTickTtl : tickPeriod;
        try
        {
            RedisResult claimed = await db.ScriptEvaluateAsync(JobLeaseScripts.Claim, [running, tickKey],
                [redis.OwnerId, (long)RunningTtl.TotalMilliseconds, (long)tickTtl.TotalMilliseconds]).WaitAsync(cancellationToken);
            return (int)claimed switch
            {
                1 => new JobClaim(JobClaimOutcome.Claimed, new Lease(this, db, running)),
                2 => JobClaim.Busy,
                _ => JobClaim.Taken,
            };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogClaimFailed(logger, cogName, jobName, ex.GetType().Name);
            return JobClaim.Unavailable;
        }
    }

    [LoggerMessage(LogLevel.Debug, "Scheduled job {Cog}/{Job}: claiming its tick in Redis failed ({Error}); skipped")]
    private static partial void LogClaimFailed(ILogger logger, string cog, string job, string error);

    [LoggerMessage(LogLevel.Warning, "Scheduled job lease {Key}: another process holds it now (this one could not renew it in time); its next tick may start there while this run lasts")]
    private static partial void LogLeaseLost(ILogger logger, string key);

    [LoggerMessage(LogLevel.Warning, "Scheduled job lease {Key} was gone from Redis while its run goes on (Redis restarted without its data, or was flushed); taken again. For up to {Seconds} s before, another process may have started the job's next tick")]
    private static partial void LogLeaseRestored(ILogger logger, string key, double seconds);

    [LoggerMessage(LogLevel.Debug, "Scheduled job lease {Key}: renewing or releasing it failed ({Error})")]
    private static partial void LogLeaseError(ILogger logger, string key, string error);

    /// <summary>One run's lease: renewed in the background until disposed, then released.</summary>
    private sealed class Lease : IAsyncDisposable
    {
        private readonly RedisJobLeases _owner;
        private readonly IDatabase _db;
        private readonly string _key;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;
        private int _disposed;

        public Lease(RedisJobLeases owner, IDatabase db, string key)
        {
            _owner = owner;
            _db = db;
            _key = key;
            _renewal = RenewAsync();
        }

        public async ValueTask DisposeAsync()
        {
            // Once: a second release would delete the lease this process took again since (the owner id is the
            // process's), letting another process start the job while this process's new run goes on.
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            try
            {
                await _db.ScriptEvaluateAsync(JobLeaseScripts.Release, [_key], [_owner.OwnerId]);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // It lapses on its own after RunningTtl.
                LogLeaseError(_owner.Logger, _key, ex.GetType().Name);
            }
        }

        private async Task RenewAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(RenewEvery, _owner.Time, _stop.Token);
                    try
                    {
                        RedisResult renewed = await _db.ScriptEvaluateAsync(JobLeaseScripts.Renew, [_key], [_owner.OwnerId, (long)RunningTtl.TotalMilliseconds]);
                        if ((int)renewed == 0)
                        {
                            LogLeaseLost(_owner.Logger, _key);
                            return;
                        }

                        if ((int)renewed == 2)
                        {
                            LogLeaseRestored(_owner.Logger, _key, RenewEvery.TotalSeconds);
                        }
                    }
                    catch (Exception ex) when (ex is RedisException or TimeoutException)
                    {
                        LogLeaseError(_owner.Logger, _key, ex.GetType().Name); // try again at the next renewal
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The run ended.
            }
        }
    }

    private string OwnerId => redis.OwnerId;

    private TimeProvider Time => time;

    private ILogger Logger => logger;
}
