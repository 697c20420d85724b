using System.Net.WebSockets;
using System.Text;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

/// <summary>The RFC 6455 client handshake and the buffered transport under the gateway's WebSocket.</summary>
public sealed class WebSocketHandshakeTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    [Test]
    public void ExpectedAccept_RfcExample_Matches() =>
        // RFC 6455 section 1.3's worked example.
        Assert.That(WebSocketHandshake.ExpectedAccept(Key), Is.EqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));

    [Test]
    public void Validate_SwitchingProtocols_Accepts() =>
        Assert.DoesNotThrow(() => WebSocketHandshake.Validate(
            "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
            Key));

    [TestCase("HTTP/1.1 404 Not Found\r\nContent-Length: 0", "HTTP 404")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "Upgrade: websocket")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "Connection: upgrade")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "does not match")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: permessage-deflate", "extensions")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat", "subprotocol")]
    [TestCase("SSH-2.0-OpenSSH_9.2", "not HTTP")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nthis is not a header", "malformed header")]
    public void Validate_BadResponse_ThrowsSayingWhy(string head, string why)
    {
        WebSocketException error = Assert.Throws<WebSocketException>(() => WebSocketHandshake.Validate(head, Key));

        Assert.That(error?.Message, Does.Contain(why));
    }

    [Test]
    public async Task ReadResponseAsync_FramesBehindTheResponse_StayBuffered()
    {
        byte[] wire = [.. Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
            0x81, 0x02, (byte)'h', (byte)'i'];
        // One byte per read: the head arrives in pieces, as it may from a slow peer.
        using var stream = new BufferedReadStream(new TrickleStream(wire));

        await WebSocketHandshake.ReadResponseAsync(stream, Key, CancellationToken.None);
        byte[] rest = new byte[16];
        int read = await stream.ReadAtLeastAsync(rest, 4, throwOnEndOfStream: false);

        Assert.That(rest[..read], Is.EqualTo(new byte[] { 0x81, 0x02, (byte)'h', (byte)'i' }));
    }

    [Test]
    public async Task ReadResponseAsync_ConnectionClosedMidHead_Throws()
    {
        using var stream = new BufferedReadStream(new MemoryStream(Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgr")));

        WebSocketException? error = await Assert.ThrowsAsync<WebSocketException>(async () => await WebSocketHandshake.ReadResponseAsync(stream, Key, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("closed during the handshake"));
    }

    [Test]
    public async Task ReadResponseAsync_EndlessHead_GivesUp()
    {
        byte[] endless = Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\n" + string.Concat(Enumerable.Repeat("X-Filler: aaaaaaaaaaaaaaaa\r\n", 1000)));
        using var stream = new BufferedReadStream(new MemoryStream(endless));

        WebSocketException? error = await Assert.ThrowsAsync<WebSocketException>(async () => await WebSocketHandshake.ReadResponseAsync(stream, Key, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("longer than"));
    }

    [Test]
    public async Task BufferedReadStream_ManyFramesInOneTransportRead_ServesThemWithoutReadingAgain()
    {
        var counting = new TrickleStream(new byte[3000], chunk: 4096);
        using var stream = new BufferedReadStream(counting);
        byte[] piece = new byte[700];

        for (int i = 0; i < 4; i++) Assert.That(await stream.ReadAsync(piece), Is.EqualTo(700));

        Assert.That(counting.Reads, Is.EqualTo(1));
    }

    /// <summary>A read-only stream that hands out at most <c>chunk</c> bytes per read and counts reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunk = 1) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            Reads++;
            int n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(Read(buffer.Span));

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
