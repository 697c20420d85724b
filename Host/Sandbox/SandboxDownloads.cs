using System.Collections.Concurrent;
using AndyAI.Emulator;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// Saves the files the bot sends in the sandbox (a <c>/mydata export</c>), as a click on an attachment does in
/// Discord's client, so they can be opened: each once, into <see cref="Directory"/>, never over an existing file.
/// </summary>
internal sealed class SandboxDownloads(string directory)
{
    private readonly ConcurrentDictionary<ulong, string> _saved = new();
    private readonly Lock _gate = new();

    /// <summary>Where the files go.</summary>
    public string Directory { get; } = directory;

    /// <summary>The path the attachment was saved to (saving it on first call), or the reason it could not be.</summary>
    public string Save(EmulatorAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (_saved.TryGetValue(attachment.Id, out string? path))
        {
            return path;
        }

        lock (_gate)
        {
            if (_saved.TryGetValue(attachment.Id, out path))
            {
                return path;
            }

            try
            {
                System.IO.Directory.CreateDirectory(Directory);
                path = FreePath(SafeName(attachment.FileName));
                using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    file.Write(attachment.Content.Span);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                path = $"not saved: {ex.Message}";
            }

            _saved[attachment.Id] = path;
            return path;
        }
    }

    /// <summary>The name without any folder part or character a file system refuses ("../x" is "x").</summary>
    internal static string SafeName(string fileName)
    {
        string name = Path.GetFileName(fileName.Replace('\\', '/'));
        char[] invalid = Path.GetInvalidFileNameChars();
        name = string.Concat(name.Select(c => invalid.Contains(c) ? '_' : c)).Trim().TrimStart('.');
        return name.Length == 0 ? "file" : name;
    }

    /// <summary><c>name.json</c>, else <c>name (2).json</c>, <c>name (3).json</c>… as a browser's downloads do.</summary>
    private string FreePath(string name)
    {
        string path = Path.Combine(Directory, name);
        for (int n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(Directory, $"{Path.GetFileNameWithoutExtension(name)} ({n}){Path.GetExtension(name)}");
        }

        return path;
    }
}
