namespace AndyAI.Discord.Interactions;

/// <summary>A file uploaded for an attachment option.</summary>
/// <param name="Id">The attachment id.</param>
/// <param name="Filename">The file name.</param>
/// <param name="Url">Where to download it, or <see langword="null"/>.</param>
/// <param name="Size">Its size in bytes, or <see langword="null"/>.</param>
/// <param name="ContentType">Its media type, or <see langword="null"/>.</param>
public sealed record ResolvedAttachment(ulong Id, string Filename, string? Url, long? Size, string? ContentType);
