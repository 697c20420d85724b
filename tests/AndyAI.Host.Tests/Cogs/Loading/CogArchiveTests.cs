using System.IO.Compression;
using AndyAI.Host.Cogs.Loading;
using AndyAI.Host.Cogs.Supervision;

namespace AndyAI.Host.Tests.Cogs.Loading;

/// <summary>Cogs dropped in as .zip: unpacked into the shadow copy, with zip-slip, size and shape checks; hashed like a folder.</summary>
public sealed class CogArchiveTests : SandboxFixture
{
    /// <summary>Zips a test cog's build as <c>run/plugins/&lt;name&gt;.zip</c>, at the top level or inside a <c>&lt;name&gt;/</c> folder.</summary>
    private string ZipCog(string project, string name, bool nested, Action<ZipArchive>? extra = null)
    {
        string path = Path.Combine(Sandbox.PluginsDirectory, name + ".zip");
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (string file in Directory.EnumerateFiles(CogSandbox.TestCogOutput(project)))
            {
                zip.CreateEntryFromFile(file, (nested ? name + "/" : "") + Path.GetFileName(file));
            }

            extra?.Invoke(zip);
        }

        return path;
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task LoadAll_ZippedCog_IsUnpackedAndRunsLikeAFolderCog(bool nested)
    {
        ZipCog("WellBehavedCog", "WellBehavedCog", nested);
        var sut = Sandbox.CreateSupervisor(Contexts);

        IReadOnlyList<CogOutcome> outcomes = await sut.LoadAllAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Select(o => (o.Cog, o.Kind)), Is.EqualTo(new[] { ("WellBehaved", CogOutcomeKind.Loaded) }), string.Join("; ", outcomes));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("hello"));
            Assert.That(Directory.EnumerateFileSystemEntries(Sandbox.PluginsDirectory).Select(Path.GetFileName), Is.EqualTo(new[] { "WellBehavedCog.zip" }), "nothing is unpacked beside the archive");
        });
    }

    [Test]
    public void Extract_HashesExactlyAsTheSameFilesInAFolder()
    {
        string zip = ZipCog("WellBehavedCog", "WellBehavedCog", nested: true);
        string folder = Path.GetDirectoryName(Sandbox.AddCogFolder("WellBehavedCog"))!;
        string fromFolder = CogLoader.ShadowCopy(new CogPackage("WellBehavedCog", Path.Combine(folder, "WellBehavedCog.dll"), IsFolder: true), Path.Combine(Sandbox.Root, "a"));

        string fromZip = CogArchive.Extract(zip, "WellBehavedCog", Path.Combine(Sandbox.Root, "b"));

        Assert.That(fromZip, Is.EqualTo(fromFolder));
    }

    [TestCase("../escape.dll")]
    [TestCase("sub/../../escape.dll")]
    [TestCase("/etc/escape.dll")]
    [TestCase("C:/escape.dll")]
    public void Extract_EntryPointingOutside_IsRefusedBeforeAnythingIsWritten(string entry)
    {
        string zip = ZipCog("WellBehavedCog", "WellBehavedCog", nested: false, z => z.CreateEntry(entry));
        string destination = Path.Combine(Sandbox.Root, "out");

        var e = Assert.Throws<CogLoadException>(() => CogArchive.Extract(zip, "WellBehavedCog", destination));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("would be unpacked outside the cog's folder; refused"));
            Assert.That(Directory.Exists(destination), Is.False);
            Assert.That(File.Exists(Path.Combine(Sandbox.Root, "escape.dll")), Is.False);
        });
    }

    [Test]
    public async Task Load_CorruptOrWrongShapeArchives_FailWithAClearReason()
    {
        File.WriteAllText(Path.Combine(Sandbox.PluginsDirectory, "Garbage.zip"), "not a zip at all");
        ZipCog("WellBehavedCog", "Misnamed", nested: false);
        var sut = Sandbox.CreateSupervisor(Contexts);

        var outcomes = (await sut.LoadAllAsync()).ToDictionary(o => o.Cog);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes["Garbage"].Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(outcomes["Garbage"].Detail, Does.StartWith("Garbage.zip: not a valid zip archive"));
            Assert.That(outcomes["Misnamed"].Detail, Is.EqualTo("Misnamed.zip: holds no Misnamed.dll at its top level or in a Misnamed/ folder"));
            Assert.That(Directory.EnumerateDirectories(Path.Combine(Sandbox.Root, "shadow")), Is.Empty, "failed copies are deleted");
        });
    }

    [Test]
    public async Task ArchiveDroppedIn_WhileRunning_IsLoadedOnceComplete()
    {
        CogSupervisor supervisor = Sandbox.CreateSupervisor(Contexts);
        await supervisor.LoadAllAsync();
        CogDropInWatcher watcher = Sandbox.CreateWatcher(supervisor);
        watcher.Start(supervisor.Configuration);
        string staging = Path.Combine(Sandbox.Root, "VersionedCog.zip");
        ZipFile.CreateFromDirectory(CogSandbox.TestCogOutput("VersionedCogV1"), staging);
        byte[] bytes = File.ReadAllBytes(staging);
        string target = Path.Combine(Sandbox.PluginsDirectory, "VersionedCog.zip");

        await using (var writer = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            long seen = watcher.DeferredCount;
            await writer.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await writer.FlushAsync();
            await CogSandbox.EventuallyAsync(() => watcher.DeferredCount > seen, "the watcher to look at the half-written archive");
            Assert.That(supervisor.List(), Is.Empty, "a half-written archive is not loaded, nor failed");
            await writer.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        }

        await CogSandbox.EventuallyAsync(async () => await Contexts.Router.InvokeAsync("version") == "v1", "the archive's cog to answer");
    }
}
