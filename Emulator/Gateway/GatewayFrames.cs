using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AndyAI.Emulator.Gateway;

/// <summary>Builds gateway envelopes around pre-serialized <c>d</c> payloads without re-serializing them.</summary>
internal static class GatewayFrames
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int PresenceUpdate = 3;
    public const int VoiceStateUpdate = 4;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int RequestGuildMembers = 8;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
    public const int RequestSoundboardSounds = 31;

    private static readonly byte[] DispatchPrefix = "{\"t\":\""u8.ToArray();
    private static readonly byte[] DispatchMiddle = "\",\"s\":"u8.ToArray();
    private static readonly byte[] DispatchOp = ",\"op\":0,\"d\":"u8.ToArray();

    /// <summary><c>{"t":"NAME","s":seq,"op":0,"d":…}</c></summary>
    public static byte[] BuildDispatch(string eventName, long sequence, ReadOnlySpan<byte> d)
    {
        Span<byte> seqDigits = stackalloc byte[20];
        Utf8Formatter.TryFormat(sequence, seqDigits, out int seqLength);
        int nameLength = Encoding.UTF8.GetByteCount(eventName);
        var frame = new byte[DispatchPrefix.Length + nameLength + DispatchMiddle.Length + seqLength + DispatchOp.Length + d.Length + 1];
        Span<byte> w = frame;
        DispatchPrefix.CopyTo(w);
        w = w[DispatchPrefix.Length..];
        w = w[Encoding.UTF8.GetBytes(eventName, w)..];
        DispatchMiddle.CopyTo(w);
        w = w[DispatchMiddle.Length..];
        seqDigits[..seqLength].CopyTo(w);
        w = w[seqLength..];
        DispatchOp.CopyTo(w);
        w = w[DispatchOp.Length..];
        d.CopyTo(w);
        w[d.Length] = (byte)'}';
        return frame;
    }

    /// <summary><c>{"t":null,"s":null,"op":N,"d":…}</c> with <paramref name="dJson"/> as raw JSON.</summary>
    public static byte[] BuildOp(int opcode, string dJson) =>
        Encoding.UTF8.GetBytes("{\"t\":null,\"s\":null,\"op\":" + opcode.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"d\":" + dJson + "}");

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
}
