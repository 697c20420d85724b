using System.Security.Cryptography;
using System.Text;
using AndyAI.Host.Cogs.Loading;

namespace AndyAI.Host.Tests.Cogs.Loading;

/// <summary>The shadow copy: every file copied byte for byte, and the fingerprint approved hashes are compared with.</summary>
public sealed class CogLoaderTests : SandboxFixture
{
    [Test]
    public void ShadowCopy_FilesLargerThanTheCopyBuffer_AreCopiedExactlyAndFingerprintedAsBefore()
    {
        string source = Path.Combine(Sandbox.Root, "source", "Big");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        byte[] large = new byte[200_000]; // several copy buffers and over the large-object threshold
        new Random(12).NextBytes(large);
        byte[] small = Encoding.UTF8.GetBytes("{}");
        File.WriteAllBytes(Path.Combine(source, "Big.dll"), large);
        File.WriteAllBytes(Path.Combine(source, "sub", "data.json"), small);
        File.WriteAllBytes(Path.Combine(source, "empty.txt"), []);
        string destination = Path.Combine(Sandbox.Root, "shadow-big");

        string fingerprint = CogLoader.ShadowCopy(new CogPackage("Big", Path.Combine(source, "Big.dll"), IsFolder: true), destination);

        // The fingerprint's form (plugins.json's approved hashes depend on it): per file in ordinal order of the
        // path, its relative path in UTF-8 with '/', its length as 8 little-endian bytes, its bytes.
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach ((string relative, byte[] bytes) in new[] { ("Big.dll", large), ("empty.txt", Array.Empty<byte>()), ("sub/data.json", small) })
        {
            expected.AppendData(Encoding.UTF8.GetBytes(relative));
            expected.AppendData(BitConverter.GetBytes((long)bytes.Length));
            expected.AppendData(bytes);
        }

        Assert.Multiple(() =>
        {
            Assert.That(fingerprint, Is.EqualTo(Convert.ToHexString(expected.GetHashAndReset())));
            Assert.That(File.ReadAllBytes(Path.Combine(destination, "Big.dll")), Is.EqualTo(large));
            Assert.That(File.ReadAllBytes(Path.Combine(destination, "sub", "data.json")), Is.EqualTo(small));
            Assert.That(File.ReadAllBytes(Path.Combine(destination, "empty.txt")), Is.Empty);
        });
    }
}
