namespace AndyAI.Discord.Interactions;

/// <summary>A file attached to a message: sent as a <c>files[n]</c> part of a multipart request, with <c>payload_json</c>.</summary>
/// <param name="FileName">The name Discord shows (no path).</param>
/// <param name="Content">The bytes.</param>
public sealed record MessageFile(string FileName, ReadOnlyMemory<byte> Content)
{
    /// <summary>Discord's limit per message.</summary>
    public const int MaxFilesPerMessage = 10;
}
