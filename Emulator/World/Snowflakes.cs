namespace AndyAI.Emulator.World;

/// <summary>Discord-style snowflakes: milliseconds since 2015-01-01 in the top 42 bits, then a counter.</summary>
internal sealed class Snowflakes(TimeProvider time)
{
    public const long DiscordEpochMs = 1_420_070_400_000;
    private long _last;

    public ulong Next()
    {
        long ms = time.GetUtcNow().ToUnixTimeMilliseconds() - DiscordEpochMs;
        long candidate = ms << 22;
        // Strictly increasing even within one millisecond or when a fake clock stands still.
        while (true)
        {
            long last = Volatile.Read(ref _last);
            long next = candidate > last ? candidate : last + 1;
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }

    public static DateTimeOffset TimestampOf(ulong id) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMs);
}
