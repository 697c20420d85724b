using System.Net;
using System.Net.Sockets;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

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
