namespace AndyAI.Emulator;

/// <summary>A file attached to a message, as Discord stores it after a multipart upload.</summary>
/// <param name="Id">The attachment's snowflake.</param>
/// <param name="FileName">The uploaded file's name.</param>
/// <param name="Content">The uploaded bytes (Discord's CDN serves them at the attachment's <c>url</c>).</param>
/// <param name="ContentType">Its media type, from the upload or the file name; null when neither says.</param>
public sealed record EmulatorAttachment(ulong Id, string FileName, ReadOnlyMemory<byte> Content, string? ContentType)
{
    /// <summary>Its size in bytes.</summary>
    public int Size => Content.Length;
}
