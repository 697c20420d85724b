namespace AndyAI.Host.Cogs.Loading;

/// <summary>Finds cog packages in the plugins folder.</summary>
internal static class CogDiscovery
{
    /// <summary>
    /// Folders <c>&lt;Name&gt;/&lt;Name&gt;.dll</c>, loose <c>*.dll</c> and archives <c>*.zip</c>. A loose DLL whose
    /// name matches a folder package is ignored (the folder wins), and an archive whose name matches either. Names starting with '.' are ignored (editors' and copiers' temp files);
    /// other names that are not valid cog names (<see cref="CogNames"/>) are skipped and added to
    /// <paramref name="rejected"/> with the reason.
    /// </summary>
    public static IReadOnlyList<CogPackage> Discover(string pluginsDirectory, ICollection<string>? rejected = null)
    {
        var found = new Dictionary<string, CogPackage>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(pluginsDirectory)) return [];
        foreach (string folder in Directory.EnumerateDirectories(pluginsDirectory))
        {
            string name = Path.GetFileName(folder);
            if (name.StartsWith('.')) continue;
            string main = Path.Combine(folder, name + ".dll");
            if (!File.Exists(main))
            {
                if (MissingMainDll(folder) is { } missing) rejected?.Add(missing);
                continue;
            }

            if (CogNames.Problem(name) is { } problem)
            {
                rejected?.Add($"{CogNames.Show(folder)}/: {problem}");
                continue;
            }

            found[name] = new CogPackage(name, main, IsFolder: true);
        }

        foreach (string file in Directory.EnumerateFiles(pluginsDirectory, "*.dll"))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name.StartsWith('.')) continue;
            if (CogNames.Problem(name) is { } problem)
            {
                rejected?.Add($"{CogNames.Show(file)}: {problem}");
                continue;
            }

            found.TryAdd(name, new CogPackage(name, file, IsFolder: false));
        }

        // An archive is unpacked into the shadow copy, never beside itself; a folder or DLL of the same name wins.
        foreach (string file in Directory.EnumerateFiles(pluginsDirectory, "*.zip"))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name.StartsWith('.')) continue;
            if (CogNames.Problem(name) is { } problem)
            {
                rejected?.Add($"{CogNames.Show(file)}: {problem}");
                continue;
            }

            found.TryAdd(name, new CogPackage(name, file, IsFolder: false, IsArchive: true));
        }

        return [.. found.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Why <paramref name="folder"/> holds DLLs but is no cog package (none is named after the folder), or null when
    /// it is one or holds no DLL. Without it an operator who dropped <c>Dice/AndyAI.Dice.dll</c> would see nothing at all.
    /// </summary>
    public static string? MissingMainDll(string folder)
    {
        string name = Path.GetFileName(folder);
        if (name.StartsWith('.') || !Directory.Exists(folder) || File.Exists(Path.Combine(folder, name + ".dll"))) return null;
        string[] dlls = [.. Directory.EnumerateFiles(folder, "*.dll").Select(Path.GetFileName).Order(StringComparer.OrdinalIgnoreCase).Take(3)!];
        return dlls.Length == 0
            ? null
            : $"{CogNames.Show(name)}/: no {CogNames.Show(name)}.dll (it has {string.Join(", ", dlls.Select(CogNames.Show))}); a cog folder's main DLL must be named after the folder";
    }

    /// <summary>The package called <paramref name="name"/>, or null when run/plugins/ has none.</summary>
    public static CogPackage? Find(string pluginsDirectory, string name)
    {
        if (!CogNames.IsValid(name)) return null;
        string folder = Path.Combine(pluginsDirectory, name);
        string inFolder = Path.Combine(folder, name + ".dll");
        if (File.Exists(inFolder)) return new CogPackage(Path.GetFileName(folder), inFolder, IsFolder: true);
        string loose = Path.Combine(pluginsDirectory, name + ".dll");
        if (File.Exists(loose)) return new CogPackage(name, loose, IsFolder: false);
        string archive = Path.Combine(pluginsDirectory, name + ".zip");
        return File.Exists(archive) ? new CogPackage(name, archive, IsFolder: false, IsArchive: true) : null;
    }
}
