namespace AndyAI.Emulator;

/// <summary>A file part of a multipart request: its form field (<c>files[0]</c>…), file name and bytes.</summary>
public sealed record RecordedFile(string FieldName, string FileName, byte[] Content)
{
    /// <summary>The part's <c>Content-Type</c>, or null when it had none.</summary>
    public string? ContentType { get; init; }
}
