namespace AndyAI.Emulator;

public sealed partial class DiscordEmulator
{
    /// <summary>
    /// Sends <see cref="FloodOptions.Count"/> MESSAGE_CREATE frames to every identified session as fast as each client
    /// reads (at most 512 frames in flight per connection), and completes when the last one is written.
    /// </summary>
    /// <exception cref="InvalidOperationException">No session is connected, or a flood is already running.</exception>
    public Task<FloodResult> FloodAsync(FloodOptions? options = null, CancellationToken cancellationToken = default) =>
        _flood.RunAsync(options ?? new FloodOptions(), DefaultChannelId, cancellationToken);

    /// <summary>Whether a flood is running (in-process or started through the control API).</summary>
    public bool IsFlooding => _flood.Running;

    internal Control.JsonControlFloodStatus FloodStatus() => new()
    {
        Running = _flood.Running,
        Sent = _flood.Sent,
        Total = _flood.Total,
        Mentions = _flood.LastResult?.Mentions,
        ElapsedMs = _flood.Elapsed.TotalMilliseconds,
        Error = _flood.LastError,
    };
}
