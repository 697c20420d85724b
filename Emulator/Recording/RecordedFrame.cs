namespace AndyAI.Emulator;

/// <summary>One gateway frame (JSON text before compression), or a close, seen on a connection.</summary>
public sealed class RecordedFrame
{
    internal RecordedFrame(long connectionId, FrameDirection direction, int opcode, string? eventName, long? sequence,
        string json, DateTimeOffset timestamp, int? closeCode = null)
    {
        ConnectionId = connectionId;
        Direction = direction;
        Opcode = opcode;
        EventName = eventName;
        Sequence = sequence;
        Json = json;
        Timestamp = timestamp;
        CloseCode = closeCode;
    }

    /// <summary>Emulator-assigned id of the WebSocket connection (1, 2, …).</summary>
    public long ConnectionId { get; }
    /// <summary>Who sent it.</summary>
    public FrameDirection Direction { get; }
    /// <summary>Gateway opcode; -1 for a close.</summary>
    public int Opcode { get; }
    /// <summary><c>t</c> of a dispatch, else null.</summary>
    public string? EventName { get; }
    /// <summary><c>s</c> of a dispatch, else null.</summary>
    public long? Sequence { get; }
    /// <summary>The frame's JSON text (for a close: the reason).</summary>
    public string Json { get; }
    /// <summary>When it was sent or received (emulator clock).</summary>
    public DateTimeOffset Timestamp { get; }
    /// <summary>Close code when this records a close (Opcode -1), else null.</summary>
    public int? CloseCode { get; }

    /// <inheritdoc/>
    public override string ToString() => $"#{ConnectionId} {Direction} op {Opcode} {EventName} s={Sequence} {CloseCode}";
}
