using AndyAI.Host.Cogs.Loading;

namespace AndyAI.Host.Tests.Cogs.Loading;

/// <summary>What a cog folder's shadow copy takes: its files and real subfolders, never a linked folder inside it.</summary>
public sealed class CogPackageTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "andyai-cogpackage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void ShadowCopy_FolderWithALinkToItsParentAndToElsewhere_CopiesOnlyItsOwnFiles()
    {
        string folder = Path.Combine(_root, "plugins", "Dice");
        Directory.CreateDirectory(Path.Combine(folder, "runtimes", "linux-x64"));
        File.WriteAllText(Path.Combine(folder, "Dice.dll"), "not really a dll");
        File.WriteAllText(Path.Combine(folder, "runtimes", "linux-x64", "native.so"), "native");
        string outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "id_rsa"), "someone else's file");
        Directory.CreateSymbolicLink(Path.Combine(folder, "runtimes", "loop"), folder);
        Directory.CreateSymbolicLink(Path.Combine(folder, "elsewhere"), outside);
        string shadow = Path.Combine(_root, "shadow");

        CogLoader.ShadowCopy(new CogPackage("Dice", Path.Combine(folder, "Dice.dll"), IsFolder: true), shadow);

        string[] copied = [.. Directory.EnumerateFiles(shadow, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(shadow, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];
        Assert.That(copied, Is.EqualTo(new[] { "Dice.dll", "runtimes/linux-x64/native.so" }));
    }

    [Test]
    public void ShadowCopy_PackageFolderThatIsItselfALink_IsCopied()
    {
        string real = Path.Combine(_root, "opt", "Dice");
        Directory.CreateDirectory(real);
        File.WriteAllText(Path.Combine(real, "Dice.dll"), "not really a dll");
        string plugins = Path.Combine(_root, "plugins");
        Directory.CreateDirectory(plugins);
        Directory.CreateSymbolicLink(Path.Combine(plugins, "Dice"), real);
        string shadow = Path.Combine(_root, "shadow");

        CogLoader.ShadowCopy(new CogPackage("Dice", Path.Combine(plugins, "Dice", "Dice.dll"), IsFolder: true), shadow);

        Assert.That(File.Exists(Path.Combine(shadow, "Dice.dll")), Is.True);
    }
}
