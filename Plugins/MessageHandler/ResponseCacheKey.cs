using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The cache key of a request: a SHA-256 of model, system prompt and every turn, each length-prefixed so that no two
/// different conversations can produce the same byte stream. Hashing keeps prompts out of the cache's key space
/// (and out of anything that lists keys).
/// </summary>
internal static class ResponseCacheKey
{
    private const string Prefix = "mh1:";

    public static string Compute(LlmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, request.Model ?? "\0default");
        Append(hash, request.SystemPrompt ?? "\0default");
        foreach (ChatTurn turn in request.Messages)
        {
            Span<byte> role = [(byte)turn.Role];
            hash.AppendData(role);
            Append(hash, turn.Text);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return string.Concat(Prefix, Convert.ToHexString(digest));
    }

    private static void Append(IncrementalHash hash, string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int length = Encoding.UTF8.GetBytes(value, buffer);
            Span<byte> lengthPrefix = stackalloc byte[sizeof(int)];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(lengthPrefix, length);
            hash.AppendData(lengthPrefix);
            hash.AppendData(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
