using Microsoft.Extensions.Hosting;

namespace AndyAI.Cluster.RateLimiting;

/// <summary>
/// Runs <see cref="RedisRestCoordinator.RunPrepayAsync"/> for the process's lifetime: each second's REST tokens are
/// reserved before it starts, so requests at a handful per second cost no Redis round trip.
/// </summary>
internal sealed class RestPrepayService(RedisRestCoordinator coordinator) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await coordinator.RunPrepayAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
