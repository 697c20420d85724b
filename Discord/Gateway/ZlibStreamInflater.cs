using System.IO.Compression;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// Inflates Discord's zlib-stream transport compression: one zlib context for the whole connection (create a new
/// instance per connection); each complete message ends with a sync flush <c>00 00 ff ff</c>.
/// </summary>
internal sealed class ZlibStreamInflater : IDisposable
{
    private static ReadOnlySpan<byte> SyncFlush => [0x00, 0x00, 0xFF, 0xFF];

    private readonly FeedStream _feed = new();
    private readonly ZLibStream _zlib;

    public ZlibStreamInflater() => _zlib = new ZLibStream(_feed, CompressionMode.Decompress, leaveOpen: true);

    /// <summary>Adds the bytes of one binary frame; when they complete a message, inflates it into <paramref name="output"/>.</summary>
    /// <returns>Whether a whole message was written to <paramref name="output"/>.</returns>
    /// <exception cref="InvalidDataException">The stream is corrupt, or a message inflates past <paramref name="maxBytes"/>.</exception>
    public bool TryInflate(ReadOnlySpan<byte> compressed, GrowableBuffer output, int maxBytes = int.MaxValue)
    {
        _feed.Append(compressed);
        if (!_feed.EndsWith(SyncFlush)) return false;

        output.Clear();
        while (true)
        {
            int read = _zlib.Read(output.GetMemory(4096).Span);
            if (read == 0) break;
            output.Advance(read);
            // A few kB can inflate to gigabytes: bound the output, not just the frame.
            if (output.Length > maxBytes) throw new InvalidDataException($"a gateway message inflates past {maxBytes} bytes");
        }

        _feed.Clear();
        return true;
    }

    public void Dispose()
    {
        _zlib.Dispose();
        _feed.Dispose();
    }

    /// <summary>Holds compressed bytes until the inflater reads them; reading an empty feed returns 0 (no more input yet).</summary>
    private sealed class FeedStream : Stream
    {
        private readonly GrowableBuffer _buffer = new(4096);
        private int _position;

        public void Append(ReadOnlySpan<byte> bytes) => _buffer.Append(bytes);

        public bool EndsWith(ReadOnlySpan<byte> suffix) => _buffer.WrittenSpan.EndsWith(suffix);

        public void Clear()
        {
            _buffer.Clear();
            _position = 0;
        }

        public override int Read(Span<byte> buffer)
        {
            int count = Math.Min(buffer.Length, _buffer.Length - _position);
            _buffer.WrittenSpan.Slice(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _buffer.Dispose();
            base.Dispose(disposing);
        }
    }
}
