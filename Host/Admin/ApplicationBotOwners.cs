using AndyAI.Commands;
using AndyAI.Discord.Hosting;
using AndyAI.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Admin;

/// <summary>
/// The bot's owners: the application's owner, or its accepted team members (<c>GET /oauth2/applications/@me</c>),
/// plus <c>ADMIN_USER_IDS</c>. The application's owners are fetched once and cached for ten minutes; a failed
/// fetch is retried after a minute, and configured admins keep working meanwhile.
/// </summary>
internal sealed class ApplicationBotOwners : IBotOwners, IDisposable
{
    internal static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(10);
    internal static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    private readonly Func<CancellationToken, Task<IReadOnlyList<ulong>>> _fetchApplicationOwners;
    private readonly HashSet<ulong> _configured;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private volatile Cached? _cached;

    public ApplicationBotOwners(DiscordBot bot, HostSettings settings, TimeProvider time, ILogger<ApplicationBotOwners> logger)
        : this(bot.GetApplicationOwnersAsync, settings.AdminUserIds, time, logger)
    {
    }

    internal ApplicationBotOwners(
        Func<CancellationToken, Task<IReadOnlyList<ulong>>> fetchApplicationOwners,
        IEnumerable<ulong> configuredAdmins,
        TimeProvider time,
        ILogger logger)
    {
        _fetchApplicationOwners = fetchApplicationOwners;
        _configured = [.. configuredAdmins];
        _time = time;
        _logger = logger;
    }

    public async ValueTask<bool> IsOwnerAsync(ulong userId, CancellationToken cancellationToken)
    {
        if (_configured.Contains(userId))
        {
            return true;
        }

        Cached? cached = _cached;
        if (cached is null || _time.GetTimestamp() >= cached.ExpiresAt)
        {
            cached = await RefreshAsync(cancellationToken);
        }

        return cached.Owners.Contains(userId);
    }

    private async Task<Cached> RefreshAsync(CancellationToken cancellationToken)
    {
        await _fetchGate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (_cached is { } fresh && _time.GetTimestamp() < fresh.ExpiresAt)
            {
                return fresh;
            }

            Cached next;
            try
            {
                IReadOnlyList<ulong> owners = await _fetchApplicationOwners(cancellationToken);
                next = new Cached([.. owners], Expiry(CacheLifetime));
                OwnersLog.Fetched(_logger, owners.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Keep the last known owners if there are any; otherwise only configured admins count for now.
                next = new Cached(_cached?.Owners ?? [], Expiry(RetryAfterFailure));
                OwnersLog.FetchFailed(_logger, ex);
            }

            _cached = next;
            return next;
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    public void Dispose() => _fetchGate.Dispose();

    private long Expiry(TimeSpan lifetime) => _time.GetTimestamp() + (long)(lifetime.TotalSeconds * _time.TimestampFrequency);

    private sealed record Cached(HashSet<ulong> Owners, long ExpiresAt);
}
