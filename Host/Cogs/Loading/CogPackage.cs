namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// A cog as it lies in run/plugins/: a folder <c>&lt;Name&gt;/&lt;Name&gt;.dll</c> with its dependencies, a loose
/// <c>&lt;Name&gt;.dll</c>, or an archive <c>&lt;Name&gt;.zip</c> (<see cref="CogArchive"/>).
/// </summary>
/// <param name="Name">The folder or file name without extension.</param>
/// <param name="MainAssemblyPath">Absolute path of the cog's main DLL; for an archive, of the .zip.</param>
/// <param name="IsFolder">Whether it is a folder (everything in it belongs to the cog) or a loose DLL.</param>
/// <param name="IsArchive">Whether it is a .zip, unpacked into its shadow copy.</param>
internal sealed record CogPackage(string Name, string MainAssemblyPath, bool IsFolder, bool IsArchive = false)
{
    /// <summary>The file name of the main DLL in the shadow copy.</summary>
    public string MainAssemblyFileName => IsArchive ? Name + ".dll" : Path.GetFileName(MainAssemblyPath);

    /// <summary>Where an owner finds it: its folder (with a trailing separator), its DLL or its .zip.</summary>
    public string Source => IsFolder ? Directory + Path.DirectorySeparatorChar : MainAssemblyPath;

    /// <summary>The folder the package's files are in.</summary>
    public string Directory => Path.GetDirectoryName(MainAssemblyPath)!;

    /// <summary>The package's files: the whole folder, or the DLL with its .pdb/.deps.json next to it.</summary>
    public IEnumerable<string> EnumerateFiles()
    {
        if (IsFolder)
        {
            return System.IO.Directory.Exists(Directory) ? FilesBelow(Directory) : [];
        }

        if (IsArchive) return File.Exists(MainAssemblyPath) ? [MainAssemblyPath] : [];
        string stem = Path.Combine(Directory, Name);
        return new[] { stem + ".dll", stem + ".pdb", stem + ".deps.json" }.Where(File.Exists);
    }

    /// <summary>
    /// Every file in <paramref name="root"/> and its real subfolders. A linked folder inside a package is not
    /// followed: one pointing at its parent made the shadow copy recurse until a path was too long and the load
    /// failed, and one pointing at / would have it read the whole disk. The package's own folder may be a link
    /// (run/plugins/Dice → /opt/…).
    /// </summary>
    private static IEnumerable<string> FilesBelow(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out string? folder))
        {
            foreach (string file in System.IO.Directory.EnumerateFiles(folder))
            {
                yield return file;
            }

            foreach (string subfolder in System.IO.Directory.EnumerateDirectories(folder))
            {
                if (new DirectoryInfo(subfolder).LinkTarget is null)
                {
                    pending.Push(subfolder);
                }
            }
        }
    }
}
