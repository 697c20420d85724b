using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AndyAI.Host.Plugins;

namespace AndyAI.Host.Tests.Plugins;

public sealed class AssemblyManifestReaderTests
{
    private static IEnumerable<string> Assemblies() =>
    [
        typeof(CogImageInspector).Assembly.Location,   // the host: many references
        typeof(Assert).Assembly.Location,              // NUnit
        typeof(object).Assembly.Location,              // CoreLib: ReadyToRun, no references
        typeof(System.Text.Json.JsonSerializer).Assembly.Location,
        PluginSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"),
        PluginSandbox.TestCogDll("IncompatibleContractCog", "IncompatibleContractCog"),
    ];

    [TestCaseSource(nameof(Assemblies))]
    public void Read_RealAssembly_FindsTheSameReferencesAsSystemReflectionMetadata(string path)
    {
        byte[] image = File.ReadAllBytes(path);

        var (kind, references) = AssemblyManifestReader.Read(image);

        Assert.That(kind, Is.EqualTo(AssemblyManifestKind.Assembly));
        Assert.That(references.Select(r => $"{r.Name} {r.Version}"), Is.EqualTo(ReferencesBySrm(image)));
    }

    [Test]
    public void Read_PeWithoutClrHeader_IsNative()
    {
        byte[] image = CogImageInspectorTests.NativeDllFrom(PluginSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"));

        var (kind, references) = AssemblyManifestReader.Read(image);

        Assert.That(kind, Is.EqualTo(AssemblyManifestKind.Native));
        Assert.That(references, Is.Empty);
    }

    [Test]
    public void Read_DamagedMetadata_ThrowsOnlyBadImageFormatException()
    {
        byte[] original = File.ReadAllBytes(PluginSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"));
        int metadata = MetadataOffset(original);
        var random = new Random(8);
        int rejected = 0;

        for (int i = 0; i < 2000; i++)
        {
            byte[] image = (byte[])original.Clone();
            for (int j = 0; j <= i % 3; j++)
            {
                image[metadata + random.Next(400)] = (byte)random.Next(256);
            }

            try
            {
                AssemblyManifestReader.Read(image);
            }
            catch (BadImageFormatException)
            {
                rejected++;
            }
        }

        // Anything else (IndexOutOfRange, Overflow, OutOfMemory...) fails the test by escaping the loop.
        Assert.That(rejected, Is.GreaterThan(0), "some of the damaged headers must be detected");
    }

    [Test]
    public void Read_TruncatedImage_ThrowsBadImageFormatException()
    {
        byte[] original = File.ReadAllBytes(PluginSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"));

        Assert.Throws<BadImageFormatException>(() => AssemblyManifestReader.Read(original.AsSpan(0, MetadataOffset(original) + 20)));
    }

    private static string[] ReferencesBySrm(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        MetadataReader metadata = pe.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h)).Select(r => $"{metadata.GetString(r.Name)} {r.Version}")];
    }

    private static int MetadataOffset(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        Assert.That(pe.PEHeaders.TryGetDirectoryOffset(pe.PEHeaders.CorHeader!.MetadataDirectory, out int offset), Is.True);
        return offset;
    }
}
