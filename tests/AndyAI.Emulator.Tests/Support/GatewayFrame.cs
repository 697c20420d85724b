namespace AndyAI.Emulator.Tests.Support;

/// <summary>One received gateway frame, or the close (Op = -1).</summary>
internal sealed record GatewayFrame(int Op, string? T, long? S, JsonElement D, int? CloseCode, string Raw)
{
    public bool IsClose => Op == -1;
}
