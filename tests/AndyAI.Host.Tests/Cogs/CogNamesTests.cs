using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Loading;

namespace AndyAI.Host.Tests.Cogs;

public sealed class CogNamesTests
{
    [TestCase("MessageHandler")]
    [TestCase("dice-roller_2.v1")]
    [TestCase("Würfel")]
    [TestCase("7seas")]
    public void Problem_ValidName_IsNull(string name) => Assert.That(CogNames.Problem(name), Is.Null);

    [TestCase("", "must not be empty")]
    [TestCase("..", "must start with a letter or a digit")]
    [TestCase(".hidden", "must start with a letter or a digit")]
    [TestCase("a..b", "must not contain \"..\"")]
    [TestCase("a/b", "a path separator '/'")]
    [TestCase("a\\b", "a path separator '\\'")]
    [TestCase("a b", "a space")]
    [TestCase("tab\there", "the control character U+0009")]
    [TestCase("nul\0", "the control character U+0000")]
    public void Problem_InvalidName_SaysWhy(string name, string why) => Assert.That(CogNames.Problem(name), Does.Contain(why));

    [Test]
    public void Problem_TooLong_SaysTheLimitAndShowsAShortenedName()
    {
        string problem = CogNames.Problem(new string('a', 65))!;

        Assert.That(problem, Does.Contain("longer than 64 characters").And.Contain(new string('a', 64) + "…'"));
    }

    [Test]
    public void Discover_FolderWithoutADllNamedAfterIt_IsSkippedWithTheReason()
    {
        string root = Directory.CreateTempSubdirectory("andyai-names-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Dice"));
            File.WriteAllText(Path.Combine(root, "Dice", "AndyAI.Dice.dll"), "");
            Directory.CreateDirectory(Path.Combine(root, "Notes"));
            File.WriteAllText(Path.Combine(root, "Notes", "readme.txt"), "");
            var rejected = new List<string>();

            IReadOnlyList<CogPackage> packages = CogDiscovery.Discover(root, rejected);

            Assert.Multiple(() =>
            {
                Assert.That(packages, Is.Empty);
                Assert.That(rejected, Is.EqualTo(new[] { "Dice/: no Dice.dll (it has AndyAI.Dice.dll); a cog folder's main DLL must be named after the folder" }),
                    "a folder without DLLs is no attempt at a cog and is not reported");
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Discover_InvalidFolderAndFileNames_AreSkippedWithTheReason()
    {
        string root = Directory.CreateTempSubdirectory("andyai-names-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Good"));
            File.WriteAllText(Path.Combine(root, "Good", "Good.dll"), "");
            Directory.CreateDirectory(Path.Combine(root, "bad name"));
            File.WriteAllText(Path.Combine(root, "bad name", "bad name.dll"), "");
            File.WriteAllText(Path.Combine(root, "a..b.dll"), "");
            File.WriteAllText(Path.Combine(root, "bell\u0007.dll"), "");
            var rejected = new List<string>();

            IReadOnlyList<CogPackage> packages = CogDiscovery.Discover(root, rejected);

            Assert.Multiple(() =>
            {
                Assert.That(packages.Select(p => p.Name), Is.EqualTo(new[] { "Good" }));
                Assert.That(rejected, Has.Count.EqualTo(3));
                Assert.That(rejected, Has.One.Contains("bad name/: the cog name 'bad name'").And.Contain("a space"));
                Assert.That(rejected, Has.One.Contains("a..b.dll: the cog name 'a..b'"));
                Assert.That(rejected, Has.One.Contains("bell?.dll: the cog name 'bell?'"), "control characters are not written to the log");
                Assert.That(CogDiscovery.Find(root, "../Good"), Is.Null);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
