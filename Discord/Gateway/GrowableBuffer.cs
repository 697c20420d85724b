using System.Buffers;

namespace AndyAI.Discord.Gateway;

/// <summary>A reusable byte buffer from the shared pool that grows as a message is assembled.</summary>
internal sealed class GrowableBuffer(int initialCapacity) : IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, Length);

    public Memory<byte> GetMemory(int sizeHint)
    {
        if (_array.Length - Length < sizeHint)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + sizeHint));
            _array.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }

        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetMemory(bytes.Length).Span);
        Length += bytes.Length;
    }

    public void Clear() => Length = 0;

    public void Dispose()
    {
        byte[] array = Interlocked.Exchange(ref _array, []);
        if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
    }
}
