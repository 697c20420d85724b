using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// Reads a DLL's PE headers and metadata without loading it, so a bad file never reaches an AssemblyLoadContext:
/// a half-copied DLL, a native DLL, a corrupt file, or a cog built against an incompatible contract.
/// </summary>
internal static class CogImageInspector
{
    private static readonly Version HostContract = typeof(AndyAI.Abstractions.ICog).Assembly.GetName().Version!;
    private static readonly string ContractName = typeof(AndyAI.Abstractions.ICog).Assembly.GetName().Name!;

    public static Version HostContractVersion => HostContract;

    public static CogImageCheck Inspect(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Inspect(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(CogImageVerdict.Incomplete, $"cannot be read yet: {e.Message}");
        }
    }

    /// <summary>
    /// Where the last section of a PE file ends according to its headers, or null when the file does not start like a
    /// PE file. A file that starts with "MZ" but is too short to hold its headers counts as ending past its length.
    /// </summary>
    private static long? SectionsEnd(Stream stream)
    {
        Span<byte> buffer = stackalloc byte[40];
        stream.Position = 0;
        if (stream.ReadAtLeast(buffer[..2], 2, throwOnEndOfStream: false) < 2 || buffer[0] != 'M' || buffer[1] != 'Z') return null;
        long tooShort = stream.Length + 1;
        if (!ReadAt(stream, 0x3C, buffer[..4])) return tooShort;
        long peHeader = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (peHeader > 64 * 1024) return null;
        if (!ReadAt(stream, peHeader, buffer[..24])) return tooShort;
        if (buffer[0] != 'P' || buffer[1] != 'E' || buffer[2] != 0 || buffer[3] != 0) return null;
        int sections = BinaryPrimitives.ReadUInt16LittleEndian(buffer[6..]);
        int optionalHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer[20..]);
        long table = peHeader + 24 + optionalHeaderSize;
        long end = table + (sections * 40L);
        for (int i = 0; i < sections; i++)
        {
            if (!ReadAt(stream, table + (i * 40L), buffer)) return tooShort;
            long rawSize = BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]);
            long rawPointer = BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]);
            end = Math.Max(end, rawPointer + rawSize);
        }

        return end;
    }

    private static bool ReadAt(Stream stream, long offset, Span<byte> buffer)
    {
        if (offset + buffer.Length > stream.Length) return false;
        stream.Position = offset;
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
    }

    public static CogImageCheck Inspect(Stream stream)
    {
        long length = stream.Length;
        if (length == 0) return new(CogImageVerdict.Incomplete, "the file is empty");
        // Completeness first, from the raw section table: PEReader rejects a truncated image as "invalid", but a
        // file still being copied is not corrupt, only early.
        if (SectionsEnd(stream) is long end && end > length)
        {
            return new(CogImageVerdict.Incomplete, $"the file is shorter ({length} bytes) than its headers say ({end} bytes): still being written or truncated");
        }

        stream.Position = 0;
        using var pe = new PEReader(stream, PEStreamOptions.LeaveOpen);
        PEHeaders headers;
        try
        {
            headers = pe.PEHeaders;
        }
        catch (BadImageFormatException e)
        {
            return new(CogImageVerdict.Corrupt, $"not a valid DLL ({e.Message})");
        }

        if (headers.CorHeader is null) return new(CogImageVerdict.NotDotNet, "a native DLL, not a .NET assembly");

        try
        {
            MetadataReader metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly) return new(CogImageVerdict.NotDotNet, "a .NET module without an assembly manifest");
            foreach (AssemblyReferenceHandle handle in metadata.AssemblyReferences)
            {
                AssemblyReference reference = metadata.GetAssemblyReference(handle);
                if (!metadata.StringComparer.Equals(reference.Name, ContractName)) continue;
                Version built = reference.Version;
                if (built.Major != HostContract.Major)
                {
                    return new(CogImageVerdict.IncompatibleContract,
                        $"built against cog contract {ContractName} {built.ToString(2)}, but this host provides {HostContract.ToString(2)}; rebuild the cog against contract {HostContract.Major}.x");
                }

                // A newer minor contract may add members this host does not have: the cog would fail at run time
                // with MissingMethodException, far from here. Additive changes only work forward.
                return built.Minor <= HostContract.Minor
                    ? new(CogImageVerdict.Ok, null, ReadManifest(metadata, built))
                    : new(CogImageVerdict.IncompatibleContract,
                        $"built against cog contract {ContractName} {built.ToString(2)}, newer than this host's {HostContract.ToString(2)}; update the bot, or build the cog against contract {HostContract.ToString(2)}");
            }

            return new(CogImageVerdict.NoContract, $"does not reference {ContractName}, so it contains no cog");
        }
        catch (BadImageFormatException e)
        {
            return new(CogImageVerdict.Corrupt, $"damaged .NET metadata ({e.Message})");
        }
    }

    /// <summary>The manifest from the assembly's attributes; a malformed attribute is skipped, never fatal.</summary>
    private static CogManifest ReadManifest(MetadataReader metadata, Version contract)
    {
        AssemblyDefinition assembly = metadata.GetAssemblyDefinition();
        string name = metadata.GetString(assembly.Name);
        string version = assembly.Version.ToString(3);
        string? description = null, author = null, homePage = null, repository = null;
        foreach (CustomAttributeHandle handle in assembly.GetCustomAttributes())
        {
            CustomAttribute attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            MemberReference constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference) continue;
            string type = metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent).Name);
            try
            {
                BlobReader blob = metadata.GetBlobReader(attribute.Value);
                if (blob.ReadUInt16() != 1) continue;
                switch (type)
                {
                    case "AssemblyInformationalVersionAttribute" when blob.ReadSerializedString() is { Length: > 0 } informational:
                        int plus = informational.IndexOf('+', StringComparison.Ordinal);
                        version = plus > 0 ? informational[..plus] : informational;
                        break;
                    case "AssemblyDescriptionAttribute":
                        description = blob.ReadSerializedString();
                        break;
                    case "AssemblyCompanyAttribute":
                        author = blob.ReadSerializedString();
                        break;
                    case "AssemblyMetadataAttribute":
                        string? key = blob.ReadSerializedString();
                        string? value = blob.ReadSerializedString();
                        if (string.Equals(key, "HomePage", StringComparison.OrdinalIgnoreCase)) homePage = value;
                        else if (string.Equals(key, "RepositoryUrl", StringComparison.OrdinalIgnoreCase)) repository = value;
                        break;
                }
            }
            catch (BadImageFormatException)
            {
                // One unreadable attribute costs its field, not the cog.
            }
        }

        return new CogManifest(
            name,
            version,
            contract.ToString(2),
            string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            string.IsNullOrWhiteSpace(author) || string.Equals(author, name, StringComparison.Ordinal) ? null : author.Trim(),
            !string.IsNullOrWhiteSpace(homePage) ? homePage.Trim() : string.IsNullOrWhiteSpace(repository) ? null : repository.Trim());
    }
}
