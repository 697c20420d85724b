namespace AndyAI.Discord.Gateway;

/// <summary>
/// A read buffer in front of the gateway's transport (a socket or TLS stream). One socket read brings in as many
/// frames as have arrived, so a burst of small dispatches costs one receive call instead of one per frame header
/// and payload; reads served from the buffer complete synchronously. The WebSocket handshake reads through
/// <see cref="FillAsync"/>/<see cref="Buffered"/>/<see cref="Consume"/>, so frames sent right behind the
/// <c>101</c> response stay in the buffer for the WebSocket that follows. Writes go straight through.
/// </summary>
internal sealed class BufferedReadStream(Stream inner, int bufferSize = 16 * 1024) : Stream
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;

    /// <summary>Bytes read from the transport and not consumed yet.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads more bytes from the transport behind those already buffered.</summary>
    /// <returns><see langword="false"/> at end of stream, or when the buffer is full.</returns>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length) return false;
        int read = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    /// <summary>Marks <paramref name="count"/> buffered bytes as read.</summary>
    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _end - _start);
        _start += count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_end > _start) return new ValueTask<int>(CopyBuffered(buffer.Span));
        if (buffer.Length >= _buffer.Length) return inner.ReadAsync(buffer, cancellationToken);
        return RefillAndCopyAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (_end > _start) return CopyBuffered(buffer);
        if (buffer.Length >= _buffer.Length) return inner.Read(buffer);
        _start = 0;
        _end = inner.Read(_buffer);
        return CopyBuffered(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private async ValueTask<int> RefillAndCopyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read = await inner.ReadAsync(_buffer, cancellationToken);
        _start = 0;
        _end = read;
        return CopyBuffered(buffer.Span);
    }

    private int CopyBuffered(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }
}
