namespace AndyAI.Host.Configuration;

/// <summary>
/// Finds the directory relative paths are resolved against: the first directory holding <c>plugins.json</c>,
/// looking in the current directory and its parents, then in the parents of the executable's folder (so
/// <c>dotnet run --project Host</c> works from the repository root and from <c>Host/</c>). Falls back to the
/// current directory.
/// </summary>
internal static class ContentRoot
{
    public const string PluginsFileName = "plugins.json";

    public static string Resolve(string currentDirectory, string baseDirectory)
    {
        return FindUpwards(currentDirectory) ?? FindUpwards(baseDirectory) ?? Path.GetFullPath(currentDirectory);
    }

    private static string? FindUpwards(string start)
    {
        for (DirectoryInfo? dir = new(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, PluginsFileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
