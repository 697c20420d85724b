using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AndyAI.Discord.Gateway;
using Microsoft.Extensions.Time.Testing;

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

/// <summary>The real connection factory against raw TCP peers on 127.0.0.1 that misbehave in ways Kestrel never does.</summary>
public sealed class WebSocketGatewayConnectionFactoryTests
{
    [Test]
    public async Task ConnectAsync_ServerSendsHelloRightBehindThe101_FrameIsReceived()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = new TaskCompletionSource();
        Task server = ServeAsync(listener, received.Task, async (stream, key) =>
        {
            // The response head and the first frame in a single write, as a fast server does.
            byte[] head = RawGatewayPeer.SwitchingProtocols(key);
            byte[] hello = Encoding.UTF8.GetBytes("""{"op":10,"d":{"heartbeat_interval":41250}}""");
            await stream.WriteAsync((byte[])[.. head, 0x81, (byte)hello.Length, .. hello]);
        });
        var factory = new WebSocketGatewayConnectionFactory(TimeProvider.System);

        await using IGatewayConnection connection = await factory.ConnectAsync(
            new Uri($"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/?v=10&encoding=json"), CancellationToken.None);
        byte[] buffer = new byte[256];
        GatewayFrame frame = await connection.ReceiveAsync(buffer, CancellationToken.None);
        received.SetResult();

        Assert.Multiple(() =>
        {
            Assert.That(frame.EndOfMessage, Is.True);
            Assert.That(frame.IsBinary, Is.False);
            Assert.That(Encoding.UTF8.GetString(buffer, 0, frame.Count), Is.EqualTo("""{"op":10,"d":{"heartbeat_interval":41250}}"""));
        });
        await server;
    }

    [Test]
    public async Task ConnectAsync_SendsUpgradeRequestWithOurUserAgentAndTarget()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string? request = null;
        var refused = new TaskCompletionSource();
        Task server = ServeAsync(listener, refused.Task, async (stream, key) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"));
        }, seen => request = seen);
        var factory = new WebSocketGatewayConnectionFactory(TimeProvider.System);
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        WebSocketException? error = await Assert.ThrowsAsync<WebSocketException>(async () =>
            await factory.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/?v=10&encoding=json&compress=zlib-stream"), CancellationToken.None));
        refused.SetResult();
        await server;

        Assert.Multiple(() =>
        {
            Assert.That(error?.Message, Does.Contain("HTTP 503"));
            Assert.That(request, Does.StartWith("GET /?v=10&encoding=json&compress=zlib-stream HTTP/1.1\r\n"));
            Assert.That(request, Does.Contain($"\r\nHost: 127.0.0.1:{port}\r\n"));
            Assert.That(request, Does.Contain("\r\nSec-WebSocket-Version: 13\r\n"));
            Assert.That(request, Does.Contain("\r\nUser-Agent: DiscordBot ("));
        });
    }

    [Test]
    public async Task ConnectAsync_NobodyListening_ThrowsWebSocketException()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var factory = new WebSocketGatewayConnectionFactory(TimeProvider.System);

        await Assert.ThrowsAsync<WebSocketException>(async () => await factory.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"), CancellationToken.None));
    }

    [Test]
    public async Task ConnectAsync_HttpScheme_IsRefused() =>
        await Assert.ThrowsAsync<WebSocketException>(async () =>
            await new WebSocketGatewayConnectionFactory(TimeProvider.System).ConnectAsync(new Uri("http://127.0.0.1:1/"), CancellationToken.None));

    [Test]
    public async Task ConnectAsync_Canceled_StopsWaitingForASilentServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var cancel = new CancellationTokenSource();
        var factory = new WebSocketGatewayConnectionFactory(TimeProvider.System);

        Task connect = factory.ConnectAsync(new Uri($"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"), cancel.Token).AsTask();
        using TcpClient accepted = await listener.AcceptTcpClientAsync();
        // Cancelled once connected (a timer could fire before the connect even starts, and nobody would be accepted).
        await cancel.CancelAsync();

        Assert.That(async () => await connect, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task ConnectAsync_ServerNeverAnswersTheUpgrade_TimesOutWithAClearError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var time = new FakeTimeProvider();
        var factory = new WebSocketGatewayConnectionFactory(time);

        Task connect = factory.ConnectAsync(new Uri($"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"), CancellationToken.None).AsTask();
        using TcpClient accepted = await listener.AcceptTcpClientAsync();
        time.Advance(WebSocketGatewayConnectionFactory.HandshakeTimeout + TimeSpan.FromSeconds(1));

        WebSocketException? error = await Assert.ThrowsAsync<WebSocketException>(async () => await connect)!;
        Assert.That(error?.Message, Does.Contain("did not complete the WebSocket handshake within 30 s"));
    }

    /// <summary>Accepts one client, answers its upgrade request with <paramref name="respond"/> and keeps the socket open until <paramref name="clientDone"/>.</summary>
    private static async Task ServeAsync(TcpListener listener, Task clientDone, Func<NetworkStream, string, Task> respond, Action<string>? seen = null)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync();
        NetworkStream stream = client.GetStream();
        (string request, string key) = await RawGatewayPeer.ReadUpgradeRequestAsync(stream);
        seen?.Invoke(request);
        await respond(stream, key);
        // Closing earlier could reset the connection under a client that has not read the answer yet.
        await clientDone.WaitAsync(RawGatewayPeer.HangGuard);
    }
}

/// <summary>Receive cancellation on the real connection: the token is registered once and aborts the socket.</summary>
public sealed class WebSocketGatewayConnectionCancellationTests
{
    [Test]
    public async Task ReceiveAsync_TokenCanceledWhileWaiting_ThrowsOperationCanceled()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task<TcpClient> accept = AcceptAndUpgradeAsync(listener);
        await using IGatewayConnection connection = await new WebSocketGatewayConnectionFactory(TimeProvider.System)
            .ConnectAsync(new Uri($"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"), CancellationToken.None);
        using TcpClient server = await accept;
        using var cancel = new CancellationTokenSource();

        ValueTask<GatewayFrame> receive = connection.ReceiveAsync(new byte[64], cancel.Token);
        await cancel.CancelAsync();

        OperationCanceledException? error = await Assert.ThrowsAsync<OperationCanceledException>(async () => await receive);
        Assert.That(error?.CancellationToken, Is.EqualTo(cancel.Token));
    }

    private static async Task<TcpClient> AcceptAndUpgradeAsync(TcpListener listener)
    {
        TcpClient client = await listener.AcceptTcpClientAsync();
        NetworkStream stream = client.GetStream();
        (_, string key) = await RawGatewayPeer.ReadUpgradeRequestAsync(stream);
        await stream.WriteAsync(RawGatewayPeer.SwitchingProtocols(key));
        return client;
    }
}

/// <summary>The server side of the upgrade, written by hand so tests control every byte.</summary>
internal static class RawGatewayPeer
{
    /// <summary>How long a test peer waits for the client at most (a hang guard, never a timing assertion).</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static async Task<(string Request, string Key)> ReadUpgradeRequestAsync(Stream stream)
    {
        var request = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0) throw new IOException("The client closed before finishing its upgrade request.");
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        string text = request.ToString();
        string key = text.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
        return (text, key);
    }

    public static byte[] SwitchingProtocols(string key) => Encoding.ASCII.GetBytes(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Accept: {WebSocketHandshake.ExpectedAccept(key)}\r\n\r\n");
}

/// <summary><c>wss://</c>: TLS under the handshake, against a self-signed test server on 127.0.0.1.</summary>
public sealed class WebSocketGatewayConnectionTlsTests
{
    private X509Certificate2 _certificate = null!;

    [OneTimeSetUp]
    public void CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=gateway.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Re-import so the private key is usable by SslStream on every platform.
        _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    [OneTimeTearDown]
    public void DisposeCertificate() => _certificate.Dispose();

    [Test]
    public async Task ConnectAsync_Wss_HandshakesOverTlsAndReceives()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = new TaskCompletionSource();
        Task server = ServeTlsAsync(listener, sendHello: true, received.Task);
        var factory = new WebSocketGatewayConnectionFactory(TimeProvider.System, (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString());

        await using IGatewayConnection connection = await factory.ConnectAsync(
            new Uri($"wss://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/?v=10&encoding=json"), CancellationToken.None);
        byte[] buffer = new byte[64];
        GatewayFrame frame = await connection.ReceiveAsync(buffer, CancellationToken.None);
        received.SetResult();

        Assert.That(Encoding.UTF8.GetString(buffer, 0, frame.Count), Is.EqualTo("""{"op":11}"""));
        await server;
    }

    [Test]
    public async Task ConnectAsync_WssWithUntrustedCertificate_FailsWithoutUpgrading()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var refused = new TaskCompletionSource();
        Task server = ServeTlsAsync(listener, sendHello: false, refused.Task);
        var factory = new WebSocketGatewayConnectionFactory(TimeProvider.System);

        WebSocketException? error = await Assert.ThrowsAsync<WebSocketException>(async () => await factory.ConnectAsync(
            new Uri($"wss://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"), CancellationToken.None));

        refused.SetResult();
        Assert.That(error?.Message, Does.Contain("Could not connect to the gateway"));
        await server;
    }

    private async Task ServeTlsAsync(TcpListener listener, bool sendHello, Task clientDone)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync();
        await using var tls = new SslStream(client.GetStream());
        string key;
        try
        {
            await tls.AuthenticateAsServerAsync(_certificate);
            (_, key) = await RawGatewayPeer.ReadUpgradeRequestAsync(tls);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // The client refused our certificate (with TLS 1.3 it says so after the server's side has completed):
            // what the untrusted test expects, and the client must not have sent its upgrade request.
            return;
        }

        await tls.WriteAsync(RawGatewayPeer.SwitchingProtocols(key));
        if (sendHello)
        {
            byte[] ack = """{"op":11}"""u8.ToArray();
            await tls.WriteAsync((byte[])[0x81, (byte)ack.Length, .. ack]);
        }

        await clientDone.WaitAsync(RawGatewayPeer.HangGuard); // closing earlier could reset the connection under the client
    }
}
