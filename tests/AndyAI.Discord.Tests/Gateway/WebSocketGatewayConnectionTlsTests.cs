using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

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
