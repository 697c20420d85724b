using System.IO.Compression;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Fakes;

/// <summary>A gateway socket the test drives: it pushes frames in and reads what the client sent.</summary>
internal sealed class FakeGatewayConnection(Uri uri, TimeProvider time) : IGatewayConnection
{
    private abstract record Incoming;
    private sealed record Data(byte[] Bytes, bool Binary) : Incoming;
    private sealed record Close(int Code) : Incoming;
    private sealed record Drop : Incoming;

    private readonly Channel<Incoming> _incoming = Channel.CreateUnbounded<Incoming>();
    private readonly Channel<SentFrame> _sent = Channel.CreateUnbounded<SentFrame>();
    private readonly List<SentFrame> _allSent = [];
    private byte[]? _partial;
    private int _partialOffset;
    private bool _partialBinary;
    private ZLibStream? _deflater;
    private MemoryStream? _deflated;

    public sealed record SentFrame(string Text, DateTimeOffset At)
    {
        public JsonNode Json => JsonNode.Parse(Text)!;
        public int Op => Json["op"]!.GetValue<int>();
    }

    public Uri Uri { get; } = uri;

    /// <summary>Answer every heartbeat with an ACK, like a healthy server.</summary>
    public bool AutoAck { get; set; }

    public int? ClosedWith { get; private set; }

    public bool Aborted { get; private set; }

    public IReadOnlyList<SentFrame> AllSent
    {
        get { lock (_allSent) return [.. _allSent]; }
    }

    /// <summary>Pushes bytes as they are, valid or not, as one text or binary message.</summary>
    public void PushRaw(byte[] bytes, bool binary) => _incoming.Writer.TryWrite(new Data(bytes, binary));

    public void Push(string json) => _incoming.Writer.TryWrite(new Data(Encoding.UTF8.GetBytes(json), false));

    /// <summary>Pushes one zlib-stream message, deflated with this connection's single context, split in two frames.</summary>
    public void PushCompressed(string json)
    {
        _deflated ??= new MemoryStream();
        _deflater ??= new ZLibStream(_deflated, CompressionLevel.Fastest, leaveOpen: true);
        _deflated.SetLength(0);
        _deflater.Write(Encoding.UTF8.GetBytes(json));
        _deflater.Flush(); // a sync flush: ends with 00 00 ff ff
        byte[] all = _deflated.ToArray();
        int half = all.Length / 2;
        _incoming.Writer.TryWrite(new Data(all[..half], true));
        _incoming.Writer.TryWrite(new Data(all[half..], true));
    }

    public void Hello(int intervalMs = 41250) => Push($$"""{"op":10,"d":{"heartbeat_interval":{{intervalMs}}},"s":null,"t":null}""");

    public void Ack() => Push("""{"op":11,"d":null}""");

    public void Dispatch(string name, int seq, string data) => Push($$"""{"t":"{{name}}","s":{{seq}},"op":0,"d":{{data}}}""");

    public void Ready(ulong botId = 42, string session = "sess-1", string resumeUrl = "wss://resume.example/", int seq = 1) =>
        Dispatch("READY", seq, $$"""{"v":10,"user":{"id":"{{botId}}","username":"andy","bot":true},"session_id":"{{session}}","resume_gateway_url":"{{resumeUrl}}","application":{"id":"7","flags":0},"guilds":[{"id":"100","unavailable":true}]}""");

    public void ServerClose(int code) => _incoming.Writer.TryWrite(new Close(code));

    public void DropSocket() => _incoming.Writer.TryWrite(new Drop());

    public async Task<SentFrame> NextSentAsync(Func<SentFrame, bool>? predicate = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            SentFrame frame = await _sent.Reader.ReadAsync(timeout.Token);
            if (predicate is null || predicate(frame)) return frame;
        }
    }

    public Task<SentFrame> NextOpAsync(int op) => NextSentAsync(f => f.Op == op);

    public async ValueTask<GatewayFrame> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_partial is null)
        {
            Incoming next;
            try
            {
                next = await _incoming.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
            }

            switch (next)
            {
                case Close c:
                    return new GatewayFrame(0, true, false, c.Code);
                case Drop:
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
                case Data d:
                    _partial = d.Bytes;
                    _partialOffset = 0;
                    _partialBinary = d.Binary;
                    break;
            }
        }

        int count = Math.Min(buffer.Length, _partial!.Length - _partialOffset);
        _partial.AsSpan(_partialOffset, count).CopyTo(buffer.Span);
        _partialOffset += count;
        bool end = _partialOffset == _partial.Length;
        bool binary = _partialBinary;
        if (end) _partial = null;
        return new GatewayFrame(count, end, binary, null);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        if (Aborted || ClosedWith is not null) throw new WebSocketException(WebSocketError.InvalidState);
        var frame = new SentFrame(Encoding.UTF8.GetString(utf8Json.Span), time.GetUtcNow());
        lock (_allSent) _allSent.Add(frame);
        _sent.Writer.TryWrite(frame);
        if (AutoAck && utf8Json.Span.StartsWith("{\"op\":1,"u8)) Ack();
        return ValueTask.CompletedTask;
    }

    public Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        ClosedWith ??= code;
        // Behave like a server that echoes the close.
        _incoming.Writer.TryWrite(new Close(code));
        return Task.CompletedTask;
    }

    public void Abort()
    {
        Aborted = true;
        _incoming.Writer.TryComplete();
    }

    public ValueTask DisposeAsync()
    {
        _deflater?.Dispose();
        _deflated?.Dispose();
        return ValueTask.CompletedTask;
    }
}
