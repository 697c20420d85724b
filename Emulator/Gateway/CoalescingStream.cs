namespace AndyAI.Emulator.Gateway;

/// <summary>
/// Wraps the upgraded connection stream so the gateway writer can put many WebSocket frames into one socket
/// write: while <see cref="Hold"/> is active, writes are buffered; <see cref="ReleaseAsync"/> flushes when the
/// send queue has run dry. Writes outside a hold (pongs, close echoes) go straight through. Without this every
/// frame costs its own syscall, which made the emulator the bottleneck of a 50k-message flood.
/// </summary>
internal sealed class CoalescingStream(Stream inner) : Stream
{
    private const int FlushThreshold = 64 * 1024;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly MemoryStream _pending = new();
    private volatile bool _holding;

    public void Hold() => _holding = true;

    /// <summary>Ends the hold; writes the buffered frames if <paramref name="flush"/> or the buffer is large.</summary>
    public async ValueTask ReleaseAsync(bool flush, CancellationToken cancellationToken)
    {
        _holding = false;
        if (flush || _pending.Length >= FlushThreshold)
        {
            await FlushPendingAsync(cancellationToken);
        }
        else
        {
            _holding = true; // keep coalescing: more frames are queued right behind this one
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_holding)
            {
                _pending.Write(buffer.Span);
                return;
            }
            if (_pending.Length > 0)
            {
                await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
                _pending.SetLength(0);
            }
            await inner.WriteAsync(buffer, cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async ValueTask FlushPendingAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_pending.Length > 0)
            {
                await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
                _pending.SetLength(0);
            }
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => _holding ? Task.CompletedTask : FlushPendingAsync(cancellationToken).AsTask();

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _pending.Dispose();
            _writeGate.Dispose();
        }
        base.Dispose(disposing);
    }
}
