using System.Threading.Channels;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Fakes;

internal sealed class FakeGatewayConnectionFactory(TimeProvider time) : IGatewayConnectionFactory
{
    private readonly Channel<FakeGatewayConnection> _connections = Channel.CreateUnbounded<FakeGatewayConnection>();

    public List<Uri> Uris { get; } = [];

    public ValueTask<IGatewayConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var connection = new FakeGatewayConnection(uri, time);
        lock (Uris) Uris.Add(uri);
        _connections.Writer.TryWrite(connection);
        return ValueTask.FromResult<IGatewayConnection>(connection);
    }

    public async Task<FakeGatewayConnection> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await _connections.Reader.ReadAsync(timeout.Token);
    }

    public bool TryNext(out FakeGatewayConnection? connection) => _connections.Reader.TryRead(out connection);
}
