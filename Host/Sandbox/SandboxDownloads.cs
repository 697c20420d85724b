using AndyAI.Emulator;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// Saves the files the bot sends in the sandbox (a <c>/mydata export</c>), as a click on an attachment does in
/// Discord's client, so they can be opened: each once, into <see cref="Directory"/>, never over an existing file.
/// </summary>
internal sealed class SandboxDownloads(string directory)
{
    private readonly Dictionary<ulong, (bool Saved, string PathOrError)> _saved = [];
    private readonly Lock _gate = new();

    /// <summary>Where the files go.</summary>
    public string Directory { get; } = directory;

    /// <summary>
    /// Saves the attachment on the first call; true with the file's path, or false with why it could not be saved.
    /// Later calls for the same attachment give the same answer.
    /// </summary>
    public bool TrySave(EmulatorAttachment attachment, out string pathOrError)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        lock (_gate)
        {
            if (!_saved.TryGetValue(attachment.Id, out (bool Saved, string PathOrError) outcome))
            {
                try
                {
                    System.IO.Directory.CreateDirectory(Directory);
                    string path = FreePath(SafeName(attachment.FileName));
                    using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                    {
                        file.Write(attachment.Content.Span);
                    }

                    outcome = (true, path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    outcome = (false, ex.Message);
                }

                _saved[attachment.Id] = outcome;
            }

            pathOrError = outcome.PathOrError;
            return outcome.Saved;
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
