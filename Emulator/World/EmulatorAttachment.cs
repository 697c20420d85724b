namespace AndyAI.Emulator;

/// <summary>A file attached to a message, as Discord stores it after a multipart upload.</summary>
/// <param name="Id">The attachment's snowflake.</param>
/// <param name="FileName">The uploaded file's name.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ContentType">Its media type, from the upload or the file name; null when neither says.</param>
public sealed record EmulatorAttachment(ulong Id, string FileName, int Size, string? ContentType)
{
    /// <summary>The uploaded bytes (Discord's CDN serves them at the attachment's <c>url</c>).</summary>
    public ReadOnlyMemory<byte> Content { get; init; }
}
