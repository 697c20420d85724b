using Microsoft.Extensions.Hosting;

namespace AndyAI.Discord.Tests.Fakes;

/// <summary>Records <see cref="StopApplication"/> so a test can see the bot stop the host.</summary>
internal sealed class FakeHostApplicationLifetime : IHostApplicationLifetime
{
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public Task StopRequested => _stopRequested.Task;

    public void StopApplication()
    {
        _stopRequested.TrySetResult();
    }
}
