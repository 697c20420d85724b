using System.Reflection.PortableExecutable;
using AndyAI.Host.Cogs.Loading;

namespace AndyAI.Host.Tests.Cogs.Loading;

public sealed class CogImageInspectorTests
{
    private static CogImageCheck InspectBytes(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return CogImageInspector.Inspect(stream);
    }

    [Test]
    public void Inspect_BuiltCog_IsOk()
    {
        var check = CogImageInspector.Inspect(CogSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"));

        Assert.That(check.Verdict, Is.EqualTo(CogImageVerdict.Ok), check.Problem);
    }

    [Test]
    public void Inspect_HalfWrittenDll_IsIncomplete()
    {
        byte[] bytes = File.ReadAllBytes(CogSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"));

        var check = InspectBytes(bytes[..(bytes.Length / 2)]);

        Assert.That(check.Verdict, Is.EqualTo(CogImageVerdict.Incomplete), check.Problem);
    }

    [Test]
    public void Inspect_NotAPeFile_IsCorrupt()
    {
        var check = InspectBytes("this is not a DLL at all, just text that happens to end in .dll"u8.ToArray());

        Assert.That(check.Verdict, Is.EqualTo(CogImageVerdict.Corrupt));
    }

    [Test]
    public void Inspect_PeWithoutClrHeader_IsNotDotNet()
    {
        byte[] bytes = NativeDllFrom(CogSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"));

        var check = InspectBytes(bytes);

        Assert.That(check.Verdict, Is.EqualTo(CogImageVerdict.NotDotNet), check.Problem);
    }

    [Test]
    public void Inspect_AssemblyWithoutContractReference_HasNoContract()
    {
        var check = CogImageInspector.Inspect(typeof(Assert).Assembly.Location);

        Assert.That(check.Verdict, Is.EqualTo(CogImageVerdict.NoContract), check.Problem);
    }

    [Test]
    public void Inspect_CogBuiltAgainstContract2_IsIncompatibleAndSaysSo()
    {
        var check = CogImageInspector.Inspect(CogSandbox.TestCogDll("IncompatibleContractCog", "IncompatibleContractCog"));

        Assert.Multiple(() =>
        {
            Assert.That(check.Verdict, Is.EqualTo(CogImageVerdict.IncompatibleContract));
            Assert.That(check.Problem, Does.Contain("2.0").And.Contain(CogImageInspector.HostContractVersion.ToString(2)));
        });
    }

    [Test]
    public void Inspect_WellBehavedCog_ReadsItsManifestWithoutLoadingIt()
    {
        var check = CogImageInspector.Inspect(CogSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"));

        Assert.That(check.Manifest, Is.EqualTo(new CogManifest(
            "WellBehavedCog", "1.2.3", CogImageInspector.HostContractVersion.ToString(2), "Greets, ticks and stops cleanly.", "AndyAI test suite", "https://example.invalid/well-behaved")));
    }

    [Test]
    public void Inspect_CogWithoutManifestAttributes_HasOnlyNameVersionAndContract()
    {
        var check = CogImageInspector.Inspect(CogSandbox.TestCogDll("HangingCog", "HangingCog"));

        Assert.That(check.Manifest, Is.EqualTo(new CogManifest("HangingCog", "1.0.0", CogImageInspector.HostContractVersion.ToString(2), null, null, null)));
    }

    [Test]
    public void Inspect_CogBuiltAgainstANewerMinorContract_IsRefusedAndSaysSo()
    {
        var check = CogImageInspector.Inspect(CogSandbox.TestCogDll("NewerMinorContractCog", "NewerMinorContractCog"));

        Assert.Multiple(() =>
        {
            Assert.That(check.Verdict, Is.EqualTo(CogImageVerdict.IncompatibleContract));
            Assert.That(check.Problem, Is.EqualTo($"built against cog contract AndyAI.Abstractions 1.99, newer than this host's {CogImageInspector.HostContractVersion.ToString(2)}; update the bot, or build the cog against contract {CogImageInspector.HostContractVersion.ToString(2)}"));
        });
    }

    /// <summary>A real PE image with its CLI header directory zeroed: what a native (C/C++) DLL looks like to the loader.</summary>
    internal static byte[] NativeDllFrom(string managedDll)
    {
        byte[] bytes = File.ReadAllBytes(managedDll);
        using (var pe = new PEReader(new MemoryStream(bytes)))
        {
            PEHeaders headers = pe.PEHeaders;
            bool is64 = headers.PEHeader!.Magic == PEMagic.PE32Plus;
            // Data directories start after the optional header's fixed part (96 bytes PE32, 112 PE32+); CLI header is entry 14.
            int directories = headers.PEHeaderStartOffset + (is64 ? 112 : 96);
            Array.Clear(bytes, directories + (14 * 8), 8);
        }

        return bytes;
    }
}
