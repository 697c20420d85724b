using Microsoft.Extensions.Hosting;

namespace AndyAI.Cluster;

/// <summary>Starts the Redis connection in the background when the host starts (never waiting for it) and closes it last.</summary>
internal sealed class ClusterService(RedisConnection redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
