namespace AndyAI.Host.Cogs.Loading;

/// <summary>A cog as it lies in run/plugins/: a folder <c>&lt;Name&gt;/&lt;Name&gt;.dll</c> with its dependencies, or a loose <c>&lt;Name&gt;.dll</c>.</summary>
/// <param name="Name">The folder or file name without extension.</param>
/// <param name="MainAssemblyPath">Absolute path of the cog's main DLL.</param>
/// <param name="IsFolder">Whether it is a folder (everything in it belongs to the cog) or a loose DLL.</param>
internal sealed record CogPackage(string Name, string MainAssemblyPath, bool IsFolder)
{
    /// <summary>The folder the package's files are in.</summary>
    public string Directory => Path.GetDirectoryName(MainAssemblyPath)!;

    /// <summary>The package's files: the whole folder, or the DLL with its .pdb/.deps.json next to it.</summary>
    public IEnumerable<string> EnumerateFiles()
    {
        if (IsFolder)
        {
            return System.IO.Directory.Exists(Directory)
                ? System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
                : [];
        }

        string stem = Path.Combine(Directory, Name);
        return new[] { stem + ".dll", stem + ".pdb", stem + ".deps.json" }.Where(File.Exists);
    }
}
