using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// A cog dropped in as <c>&lt;Name&gt;.zip</c> (what <c>dotnet publish</c> output zipped gives): unpacked into its
/// shadow copy and loaded like a folder cog. The archive holds <c>&lt;Name&gt;.dll</c> at its top level, or everything
/// inside one <c>&lt;Name&gt;/</c> folder. Entries that would land outside the copy (absolute paths, <c>..</c>), more
/// than <see cref="MaxEntries"/> entries or more than <see cref="MaxBytes"/> unpacked are refused: a zip is
/// untrusted input until the trust policy has seen its hash.
/// </summary>
internal static class CogArchive
{
    public const int MaxEntries = 10_000;
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>Whether <paramref name="path"/> can be opened as a zip now (a half-copied one cannot: its directory is at the end).</summary>
    public static bool IsComplete(string path)
    {
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            return zip.Entries.Count >= 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Unpacks <paramref name="zipPath"/> into <paramref name="destination"/> and returns the SHA-256 of what was
    /// written, computed exactly as for a folder package (relative path, length and bytes of each file, in ordinal
    /// path order), so a zipped folder has the same hash as the folder.
    /// </summary>
    /// <exception cref="CogLoadException">The archive is invalid, unsafe, too large or holds no <c>&lt;Name&gt;.dll</c>.</exception>
    /// <exception cref="IOException">A file could not be read or written.</exception>
    public static string Extract(string zipPath, string packageName, string destination)
    {
        string shown = Path.GetFileName(zipPath);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw new CogLoadException($"{shown}: not a valid zip archive ({e.Message})");
        }

        using (zip)
        {
            List<(string Relative, ZipArchiveEntry Entry)> files = Plan(zip, packageName, shown);
            string root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
            Directory.CreateDirectory(root);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            foreach ((string relative, ZipArchiveEntry entry) in files)
            {
                string target = Path.GetFullPath(Path.Combine(root, relative));
                if (!target.StartsWith(root, StringComparison.Ordinal)) throw Unsafe(shown, entry.FullName);
                byte[] bytes = Read(entry, shown, MaxBytes - total);
                total += bytes.LongLength;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, bytes);
                hash.AppendData(Encoding.UTF8.GetBytes(relative));
                hash.AppendData(BitConverter.GetBytes(bytes.LongLength));
                hash.AppendData(bytes);
            }

            return Convert.ToHexString(hash.GetHashAndReset());
        }
    }

    /// <summary>The files to unpack, as paths relative to the package root, in ordinal order; validated before anything is written.</summary>
    private static List<(string Relative, ZipArchiveEntry Entry)> Plan(ZipArchive zip, string packageName, string shown)
    {
        if (zip.Entries.Count > MaxEntries) throw new CogLoadException($"{shown}: holds {zip.Entries.Count} entries, more than {MaxEntries}");
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/') && !e.FullName.EndsWith('\\')).ToList();
        string folder = packageName + "/";
        bool nested = entries.Count > 0 && entries.All(e => e.FullName.Replace('\\', '/').StartsWith(folder, StringComparison.OrdinalIgnoreCase));
        var files = new List<(string, ZipArchiveEntry)>(entries.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long declared = 0;
        foreach (ZipArchiveEntry entry in entries)
        {
            string relative = entry.FullName.Replace('\\', '/');
            if (nested) relative = relative[folder.Length..];
            string[] segments = relative.Split('/');
            if (relative.Length == 0 || Path.IsPathRooted(relative) || relative.Contains(':', StringComparison.Ordinal)
                || segments.Any(s => s is "" or "." or ".." || s.Any(char.IsControl)))
            {
                throw Unsafe(shown, entry.FullName);
            }

            if (!seen.Add(relative)) throw new CogLoadException($"{shown}: holds '{relative}' twice");
            declared += entry.Length;
            if (declared > MaxBytes) throw TooLarge(shown);
            files.Add((relative, entry));
        }

        if (!seen.Contains(packageName + ".dll"))
        {
            throw new CogLoadException($"{shown}: holds no {packageName}.dll at its top level or in a {packageName}/ folder");
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    /// <summary>An entry's bytes, never more than <paramref name="budget"/> whatever its header claims.</summary>
    private static byte[] Read(ZipArchiveEntry entry, string shown, long budget)
    {
        if (entry.Length > budget) throw TooLarge(shown);
        using Stream input = entry.Open();
        using var buffer = new MemoryStream((int)Math.Min(entry.Length, int.MaxValue));
        byte[] chunk = new byte[81920];
        int read;
        while ((read = input.Read(chunk)) > 0)
        {
            if (buffer.Length + read > Math.Min(budget, entry.Length)) throw TooLarge(shown);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static CogLoadException Unsafe(string shown, string entry) =>
        new($"{shown}: the entry '{CogNames.Show(entry)}' would be unpacked outside the cog's folder; refused");

    private static CogLoadException TooLarge(string shown) =>
        new($"{shown}: unpacks to more than {MaxBytes / (1024 * 1024)} MB; refused");
}
