namespace AndyAI.Emulator.Gateway;

/// <summary>One item of a connection's send queue: a frame, a close, or an abort.</summary>
internal sealed class OutFrame
{
    public byte[] Data { get; init; } = [];
    public int Opcode { get; init; }
    public string? EventName { get; init; }
    public long? Sequence { get; init; }
    public bool Record { get; init; } = true;
    /// <summary>The flood credit semaphore to release once sent, or null.</summary>
    public SemaphoreSlim? Credit { get; init; }
    public int CloseCode { get; init; }
    public string? CloseReason { get; init; }
    public bool Abort { get; init; }
}
