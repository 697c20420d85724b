namespace AndyAI.Discord.Gateway;

/// <summary>Opens gateway sockets.</summary>
internal interface IGatewayConnectionFactory
{
    ValueTask<IGatewayConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken);
}
