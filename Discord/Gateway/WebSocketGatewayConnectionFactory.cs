using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// Opens <see cref="WebSocketGatewayConnection"/>s: TCP connect (no Nagle), TLS for <c>wss://</c>, the RFC 6455
/// handshake, then <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>. Measured against
/// <see cref="ClientWebSocket"/>, whose frames pass through the HTTP connection's stream layers on every read, this
/// path costs less CPU per gateway frame (docs/benchmarks.md, issue 4).
/// </summary>
/// <param name="time">Time for the handshake timeout.</param>
/// <param name="certificateValidation">Tests only: accept a test server's certificate; null (always in production) uses the system trust store.</param>
internal sealed class WebSocketGatewayConnectionFactory(TimeProvider time, RemoteCertificateValidationCallback? certificateValidation = null)
    : IGatewayConnectionFactory
{
    /// <summary>How long TCP connect, TLS and the upgrade may take together.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    public async ValueTask<IGatewayConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        bool secure = uri.Scheme switch
        {
            "wss" => true,
            "ws" => false,
            _ => throw new WebSocketException(WebSocketError.NotAWebSocket, $"The gateway URL must start with wss:// or ws://, not {uri.Scheme}://."),
        };

        using var timeout = new CancellationTokenSource(HandshakeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? transport = null;
        try
        {
            await socket.ConnectAsync(uri.IdnHost, uri.Port, linked.Token);
            transport = new NetworkStream(socket, ownsSocket: true);
            if (secure)
            {
                var tls = new SslStream(transport, leaveInnerStreamOpen: false);
                transport = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions { TargetHost = uri.IdnHost, RemoteCertificateValidationCallback = certificateValidation },
                    linked.Token);
            }

            var buffered = new BufferedReadStream(transport);
            transport = buffered;
            string key = await WebSocketHandshake.SendRequestAsync(buffered, uri, DiscordInfo.UserAgent, linked.Token);
            await WebSocketHandshake.ReadResponseAsync(buffered, key, linked.Token);
            WebSocket webSocket = WebSocket.CreateFromStream(buffered, new WebSocketCreationOptions
            {
                IsServer = false,
                // Backstop only: the gateway heartbeat is what detects a zombied connection.
                KeepAliveInterval = TimeSpan.FromSeconds(30),
                KeepAliveTimeout = TimeSpan.FromSeconds(60),
            });
            return new WebSocketGatewayConnection(webSocket, time);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Dispose(socket, transport);
            throw new WebSocketException(WebSocketError.Faulted, $"The gateway did not complete the WebSocket handshake within {HandshakeTimeout.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is SocketException or System.Security.Authentication.AuthenticationException)
        {
            Dispose(socket, transport);
            throw new WebSocketException(WebSocketError.Faulted, $"Could not connect to the gateway at {uri.Authority}: {ex.Message}", ex);
        }
        catch
        {
            Dispose(socket, transport);
            throw;
        }
    }

    private static void Dispose(Socket socket, Stream? transport)
    {
        if (transport is not null) transport.Dispose();
        else socket.Dispose();
    }
}
