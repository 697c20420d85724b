using Microsoft.Extensions.Hosting;

namespace AndyAI.Emulator;

/// <summary>
/// Keeps the embedded web host from installing console signal handlers (ConsoleLifetime): in a test process
/// several emulators may run, and the standalone program handles Ctrl+C/SIGTERM itself.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
