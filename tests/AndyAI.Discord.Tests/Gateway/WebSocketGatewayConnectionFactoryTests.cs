using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using AndyAI.Discord.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Gateway;

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
