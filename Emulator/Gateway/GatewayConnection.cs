using System.Buffers;
using System.IO.Compression;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AndyAI.Emulator.Gateway;

/// <summary>
/// One WebSocket. A single writer loop owns all sends (so frames keep their order and the socket never sees
/// concurrent sends); the read loop parses client payloads and hands them to the hub.
/// </summary>
// The CancellationTokenSource has no timer and the semaphore no wait handle in use, so nothing needs disposing;
// disposing them would race flood producers that still read Closed/FloodCredits after the socket ends.
#pragma warning disable CA1001
internal sealed class GatewayConnection
#pragma warning restore CA1001
{
    public const int MaxPayloadBytes = 4096;
    private const int FloodCreditCount = 512;

    private readonly WebSocket _socket;
    private readonly CoalescingStream? _stream;
    private readonly GatewayHub _hub;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<OutFrame> _outbox = Channel.CreateUnbounded<OutFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private readonly bool _compress;
    private long _lastHeartbeat;
    private long _sendWindowStart;
    private int _sendsInWindow;
    private int _closeCode;

    public GatewayConnection(long id, WebSocket socket, CoalescingStream? stream, bool compress, GatewayHub hub, TimeProvider time, ILogger logger)
    {
        Id = id;
        _socket = socket;
        _stream = stream;
        _compress = compress;
        _hub = hub;
        _time = time;
        _logger = logger;
        _lastHeartbeat = time.GetTimestamp();
        _sendWindowStart = _lastHeartbeat;
    }

    public long Id { get; }
    public GatewaySession? Session { get; set; }
    public bool Identified => Session is not null;
    public volatile bool WithholdAcks;
    public SemaphoreSlim FloodCredits { get; } = new(FloodCreditCount, FloodCreditCount);
    public static int InitialFloodCredits => FloodCreditCount;
    public CancellationToken Closed => _closed.Token;
    /// <summary>Close code the client sent, or 0 (abort / server-initiated close).</summary>
    public int ClientCloseCode { get; private set; }
    /// <summary>Close code the emulator sent, or 0.</summary>
    public int ServerCloseCode => Volatile.Read(ref _closeCode);

    public void Send(OutFrame frame) => _outbox.Writer.TryWrite(frame);

    public void SendOp(int opcode, string dJson) => Send(new OutFrame { Data = GatewayFrames.BuildOp(opcode, dJson), Opcode = opcode });

    /// <summary>Queues a close frame after everything already queued.</summary>
    public void Close(int code, string reason)
    {
        if (Interlocked.CompareExchange(ref _closeCode, code, 0) == 0)
        {
            _outbox.Writer.TryWrite(new OutFrame { CloseCode = code, CloseReason = reason, Opcode = -1 });
        }
    }

    /// <summary>Drops the TCP connection without a close frame, immediately.</summary>
    public void Abort()
    {
        Interlocked.CompareExchange(ref _closeCode, -1, 0);
        _socket.Abort();
        _closed.Cancel();
    }

    public async Task RunAsync(int? rejectCode, string? rejectReason)
    {
        Task writer = WriteLoopAsync();
        try
        {
            if (rejectCode is { } code)
            {
                Close(code, rejectReason ?? "");
            }
            else
            {
                SendOp(GatewayFrames.Hello,
                    "{\"heartbeat_interval\":" + ((long)_hub.Options.HeartbeatInterval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + ",\"_trace\":[\"[\\\"andyai-emulator\\\"]\"]}");
                _ = WatchHeartbeatsAsync();
            }
            await ReadLoopAsync();
        }
        finally
        {
            _closed.Cancel();
            _outbox.Writer.TryComplete();
            try
            {
                await writer;
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the peer is gone; nothing left to deliver
            }
            _hub.OnDisconnected(this);
        }
    }

    private async Task ReadLoopAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxPayloadBytes + 1);
        try
        {
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                int total = 0;
                ValueWebSocketReceiveResult result;
                bool tooLarge = false;
                do
                {
                    if (total >= MaxPayloadBytes + 1)
                    {
                        tooLarge = true;
                        total = 0; // keep draining into the same buffer; we close anyway
                    }
                    result = await _socket.ReceiveAsync(buffer.AsMemory(total, MaxPayloadBytes + 1 - total), _closed.Token);
                    total += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClientCloseCode = (int?)_socket.CloseStatus ?? 1005;
                    _hub.RecordClose(this, FrameDirection.Received, ClientCloseCode, _socket.CloseStatusDescription ?? "");
                    if (ServerCloseCode == 0)
                    {
                        // Echo the close as RFC 6455 asks, then stop.
                        await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        if (_stream is not null)
                        {
                            await _stream.ReleaseAsync(flush: true, CancellationToken.None);
                        }
                    }
                    return;
                }
                if (tooLarge || total > MaxPayloadBytes)
                {
                    Close(4002, "Payload too large.");
                    continue;
                }
                if (ServerCloseCode != 0)
                {
                    continue; // closing: ignore anything else the client sends
                }
                HandlePayload(buffer.AsSpan(0, total));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // aborted by us or by the peer (or the close echo raced a send)
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void HandlePayload(ReadOnlySpan<byte> payload)
    {
        string text = Encoding.UTF8.GetString(payload);
        int op;
        JsonElement d;
        using JsonDocument? doc = TryParse(payload);
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object
            || !doc.RootElement.TryGetProperty("op", out JsonElement opElement) || !opElement.TryGetInt32(out op))
        {
            _hub.RecordFrame(this, FrameDirection.Received, -1, null, null, text);
            Close(4002, "Error while decoding payload.");
            return;
        }
        d = doc.RootElement.TryGetProperty("d", out JsonElement dElement) ? dElement : default;
        _hub.RecordFrame(this, FrameDirection.Received, op, null, null, text);

        // Discord: 120 gateway sends per connection per 60 s, then close 4008.
        if (_time.GetElapsedTime(_sendWindowStart) >= TimeSpan.FromSeconds(60))
        {
            _sendWindowStart = _time.GetTimestamp();
            _sendsInWindow = 0;
        }
        // Heartbeats count, as on Discord, unless a test shortened the interval below Discord's range: then they would
        // eat the budget by themselves (real clients reserve room for ~2 beats per minute, not hundreds).
        bool counted = op != GatewayFrames.Heartbeat || _hub.Options.HeartbeatInterval >= TimeSpan.FromSeconds(30);
        if (counted && ++_sendsInWindow > _hub.Options.GatewaySendLimitPerMinute)
        {
            Close(4008, "Rate limited.");
            return;
        }

        switch (op)
        {
            case GatewayFrames.Heartbeat:
                Volatile.Write(ref _lastHeartbeat, _time.GetTimestamp());
                if (!WithholdAcks)
                {
                    SendOp(GatewayFrames.HeartbeatAck, "null");
                }
                break;
            case GatewayFrames.Identify:
                if (Identified)
                {
                    Close(4005, "Already authenticated.");
                    return;
                }
                _hub.Identify(this, d);
                break;
            case GatewayFrames.Resume:
                if (Identified)
                {
                    Close(4005, "Already authenticated.");
                    return;
                }
                _hub.Resume(this, d);
                break;
            case GatewayFrames.PresenceUpdate or GatewayFrames.VoiceStateUpdate or GatewayFrames.RequestGuildMembers
                or GatewayFrames.RequestSoundboardSounds:
                if (!Identified)
                {
                    Close(4003, "Not authenticated.");
                    return;
                }
                if (op == GatewayFrames.RequestGuildMembers)
                {
                    _hub.RequestGuildMembers(this, d);
                }
                break;
            default:
                Close(4001, "Unknown opcode.");
                break;
        }
    }

    private static JsonDocument? TryParse(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task WriteLoopAsync()
    {
        MemoryStream? compressed = _compress ? new MemoryStream() : null;
        ZLibStream? deflate = compressed is null ? null : new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true);
        try
        {
            await foreach (OutFrame frame in _outbox.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (frame.Abort)
                {
                    _socket.Abort();
                    return;
                }
                if (frame.CloseCode != 0)
                {
                    if (_stream is not null)
                    {
                        await _stream.ReleaseAsync(flush: true, _closed.Token);
                    }
                    _hub.RecordClose(this, FrameDirection.Sent, frame.CloseCode, frame.CloseReason ?? "");
                    await CloseAndAbortAsync(frame.CloseCode, frame.CloseReason ?? "");
                    return;
                }
                TimeSpan delay = _hub.DispatchDelay;
                if (frame.Opcode == GatewayFrames.Dispatch && delay > TimeSpan.Zero)
                {
                    if (_stream is not null)
                    {
                        await _stream.ReleaseAsync(flush: true, _closed.Token);
                    }
                    await Task.Delay(delay, _time, _closed.Token);
                }
                if (_socket.State != WebSocketState.Open)
                {
                    return;
                }
                _stream?.Hold();
                if (deflate is not null && compressed is not null)
                {
                    // zlib-stream: one deflate context for the whole connection; each message ends with a sync flush (00 00 ff ff).
                    compressed.SetLength(0);
                    deflate.Write(frame.Data);
                    deflate.Flush();
                    await _socket.SendAsync(compressed.GetBuffer().AsMemory(0, (int)compressed.Length), WebSocketMessageType.Binary, true, _closed.Token);
                }
                else
                {
                    await _socket.SendAsync(frame.Data.AsMemory(), WebSocketMessageType.Text, true, _closed.Token);
                }
                if (_stream is not null)
                {
                    // Flush only when nothing else is queued: a burst goes out in a few large writes.
                    await _stream.ReleaseAsync(flush: !_outbox.Reader.TryPeek(out _), _closed.Token);
                }
                if (frame.Record)
                {
                    _hub.RecordFrame(this, FrameDirection.Sent, frame.Opcode, frame.EventName, frame.Sequence, Encoding.UTF8.GetString(frame.Data));
                }
                frame.Credit?.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            GatewayLog.SendFailed(_logger, Id, ex.Message);
        }
        finally
        {
            if (deflate is not null)
            {
                await deflate.DisposeAsync();
            }
            if (compressed is not null)
            {
                await compressed.DisposeAsync();
            }
        }
    }

    private async Task CloseAndAbortAsync(int code, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
            }
            // Give the client a moment to answer the close; the read loop sees it and ends.
            await Task.Delay(TimeSpan.FromSeconds(2), _time, _closed.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client answered (read loop ended and cancelled us) or vanished
        }
        _socket.Abort();
        _closed.Cancel();
    }

    private async Task WatchHeartbeatsAsync()
    {
        TimeSpan interval = _hub.Options.HeartbeatInterval;
        TimeSpan limit = interval + _hub.Options.HeartbeatGrace;
        TimeSpan period = TimeSpan.FromMilliseconds(Math.Clamp(interval.TotalMilliseconds / 4, 10, 1000));
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_closed.Token))
            {
                if (_time.GetElapsedTime(Volatile.Read(ref _lastHeartbeat)) > limit)
                {
                    // Discord closes zombie connections with 4009 "Session timed out".
                    Close(4009, "Session timed out.");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // connection ended
        }
    }
}
