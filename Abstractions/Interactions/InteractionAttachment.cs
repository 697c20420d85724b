namespace AndyAI.Abstractions.Interactions;

/// <summary>A file uploaded for an attachment option.</summary>
/// <param name="Id">The attachment id.</param>
/// <param name="FileName">The file's name.</param>
/// <param name="Url">Where to download it, or <see langword="null"/>.</param>
/// <param name="Size">Its size in bytes, or <see langword="null"/>.</param>
/// <param name="ContentType">Its media type, or <see langword="null"/>.</param>
public sealed record InteractionAttachment(ulong Id, string FileName, Uri? Url, long? Size, string? ContentType);
