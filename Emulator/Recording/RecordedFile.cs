namespace AndyAI.Emulator;

/// <summary>A file part of a multipart request: its form field (<c>files[0]</c>…), file name and bytes.</summary>
public sealed record RecordedFile(string FieldName, string FileName, byte[] Content);
