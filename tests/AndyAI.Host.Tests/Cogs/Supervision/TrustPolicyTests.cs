using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Loading;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Fakes;

namespace AndyAI.Host.Tests.Cogs.Supervision;

/// <summary>
/// plugins.json's <c>"trust": "listed"</c>: a package loads only when its SHA-256 (of the files in the shadow copy that
/// is loaded) is listed under its name; refusals name the package and the hash to add. <c>"any"</c> loads everything
/// and, connected to Discord, names the cogs plugins.json does not list.
/// </summary>
public sealed class TrustPolicyTests : SandboxFixture
{

    /// <summary>
    /// A package's hash computed independently of the trust check: the shadow copier's fingerprint of the folder in
    /// run/plugins/, copied to a scratch folder.
    /// </summary>
    private string HashOf(string package)
    {
        string folder = Path.Combine(Sandbox.PluginsDirectory, package);
        return CogLoader.ShadowCopy(new CogPackage(package, Path.Combine(folder, package + ".dll"), IsFolder: true), Path.Combine(Sandbox.Root, "hash-" + Guid.NewGuid().ToString("N")));
    }

    [Test]
    public async Task Listed_UnlistedPackage_IsRefusedNamingTheFileAndItsHash()
    {
        string dll = Sandbox.AddCogFolder("WellBehavedCog");
        string hash = HashOf("WellBehavedCog");
        Sandbox.WriteConfig("""{ "trust": "listed" }""");
        var sut = Sandbox.CreateSupervisor(Contexts);

        CogOutcome outcome = await sut.LoadAsync("WellBehavedCog");

        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(outcome.Detail, Does.StartWith(Path.GetDirectoryName(dll) + Path.DirectorySeparatorChar + ": refused by the trust policy"));
            Assert.That(outcome.Detail, Does.EndWith($"this build is {hash}. To approve it, add \"sha256\": \"{hash}\" to cogs.WellBehavedCog in plugins.json"));
            Assert.That(StatusOf(sut, "WellBehavedCog").State, Is.EqualTo(CogState.Failed));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.Null, "nothing of it was loaded");
        });
    }

    [Test]
    public async Task Listed_ListedHash_Loads_AndAChangedPackageIsRefusedOnReloadWhileTheOldBuildKeepsRunning()
    {
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        string v1 = HashOf("VersionedCog");
        Sandbox.WriteConfig($$"""{ "trust": "listed", "cogs": { "VersionedCog": { "sha256": "{{v1.ToLowerInvariant()}}" } } }""");
        var sut = Sandbox.CreateSupervisor(Contexts);

        CogOutcome loaded = await sut.LoadAsync("VersionedCog");
        Sandbox.AddCogFolder("VersionedCogV2", "VersionedCog");
        CogOutcome reloaded = await sut.ReloadAsync("Versioned");

        Assert.Multiple(async () =>
        {
            Assert.That(v1, Has.Length.EqualTo(64));
            Assert.That(loaded.Kind, Is.EqualTo(CogOutcomeKind.Loaded), loaded.ToString());
            Assert.That(reloaded.Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(reloaded.Detail, Does.Contain("is not among the 1 listed for it (a changed package)").And.EndWith("1.0.0 keeps running"));
            Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task Listed_ApprovingTheHashInPluginsJson_LoadsTheRefusedPackage_AndRemovingItUnloadsIt()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        string hash = HashOf("WellBehavedCog");
        Sandbox.WriteConfig("""{ "trust": "listed" }""");
        var sut = Sandbox.CreateSupervisor(Contexts);
        await sut.LoadAllAsync();
        Assert.That(StatusOf(sut, "WellBehavedCog").State, Is.EqualTo(CogState.Failed));

        Sandbox.WriteConfig($$"""{ "trust": "listed", "cogs": { "WellBehavedCog": { "sha256": ["{{new string('0', 64)}}", "{{hash}}"] } } }""");
        ConfigurationReloadResult approved = await sut.ReloadConfigurationAsync();
        string? answerWhenApproved = await Contexts.Router.InvokeAsync("hello");
        Sandbox.WriteConfig("""{ "trust": "listed", "cogs": { "WellBehavedCog": { "sha256": [] } } }""");
        ConfigurationReloadResult revoked = await sut.ReloadConfigurationAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(approved.Outcomes.Select(o => o.Kind), Is.EqualTo(new[] { CogOutcomeKind.Loaded }));
            Assert.That(answerWhenApproved, Is.EqualTo("hello"));
            Assert.That(revoked.Outcomes.Select(o => o.Kind), Is.EqualTo(new[] { CogOutcomeKind.Unloaded }));
            Assert.That(revoked.Outcomes[0].Detail, Does.StartWith("no longer trusted: refused by the trust policy"));
            Assert.That(StatusOf(sut, "WellBehaved").State, Is.EqualTo(CogState.Failed));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.Null);
        });
    }

    [Test]
    public async Task Any_InDiscordMode_WarnsOnceAboutCogsPluginsJsonDoesNotList()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        Sandbox.WriteConfig("""{ "cogs": { "VersionedCog": {} } }""");
        var logger = new LineLogger<CogSupervisor>();
        var sut = Sandbox.CreateSupervisor(Contexts, configure: o => o.WarnAboutUnlistedCogs = true, logger: logger);

        await sut.LoadAllAsync();

        Assert.That(logger.Lines.Where(l => l.Contains("Trust policy \"any\"", StringComparison.Ordinal)).ToArray(), Has.Length.EqualTo(1)
            .And.One.Contains("plugins.json does not list: WellBehavedCog (from"));
    }

    [TestCase("""{ "trust": "everything" }""", "trust: 'everything' is not a trust policy")]
    [TestCase("""{ "cogs": { "A": { "sha256": "abc" } } }""", "cogs.A.sha256: 'abc' is not a SHA-256 (64 hexadecimal digits)")]
    [TestCase("""{ "cogs": { "A": { "sha256": 42 } } }""", "cogs.A.sha256: expected a string or an array of strings, found Number")]
    public void Parse_BadTrustSettings_AreRejectedNamingTheKey(string json, string expected)
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => PluginsConfigurationParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), "/x/plugins.json"));

        Assert.That(e!.Message, Does.Contain(expected));
    }
}
