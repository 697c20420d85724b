using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Services.Llm;

/// <summary>
/// The response-cache key of a request: SHA-256 over provider endpoint, model, system prompt and every turn,
/// each normalised (trimmed, CRLF→LF) and length-prefixed so no two conversations share a key. Hashing keeps
/// keys short whatever the prompt length and keeps prompts out of cache keys (and any Redis keyspace).
/// </summary>
internal static class LlmCacheKey
{
    public static string Create(string partitionPrefix, ResolvedModel model, Uri endpoint, string systemPrompt, IReadOnlyList<ChatTurn> turns)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, endpoint.AbsoluteUri);
        Append(hash, model.Model!);
        Append(hash, systemPrompt);
        foreach (ChatTurn turn in turns)
        {
            Append(hash, turn.Role switch { ChatRole.System => "s", ChatRole.Assistant => "a", _ => "u" });
            Append(hash, turn.Text);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return string.Concat(partitionPrefix, "llm:", Convert.ToHexStringLower(digest));
    }

    private static void Append(IncrementalHash hash, string text)
    {
        string normalised = text.Trim();
        if (normalised.Contains('\r', StringComparison.Ordinal))
        {
            normalised = normalised.Replace("\r\n", "\n", StringComparison.Ordinal);
        }

        int max = Encoding.UTF8.GetMaxByteCount(normalised.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(max + 4);
        try
        {
            int written = Encoding.UTF8.GetBytes(normalised, 0, normalised.Length, buffer, 4);
            BitConverter.TryWriteBytes(buffer.AsSpan(0, 4), written);
            hash.AppendData(buffer, 0, written + 4);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
