using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Sdk;

/// <summary>
/// docs/writing-a-cog.md, step by step, as a stranger without the host's source would: pack the contract, the test
/// kits (fakes, and the bot against the emulator) and the template into a local feed, <c>dotnet new andyai-cog</c>, build and test the new cog, publish it, drop
/// the zip into a running bot and use its command; then publish v2 and <c>!reload</c> it. Also: the doc packs as these
/// tests do, a hyphenated name builds, and the template refuses to run without a feed. The child processes use
/// their own NuGet cache, so the freshly packed AndyAI packages are the ones restored.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class CogSdkTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How the packages are packed: docs/writing-a-cog.md §1 shows exactly these options.</summary>
    private static readonly string[] PackOptions = ["-c", "Debug", "--no-build", "--no-restore"];

    private static readonly string[] PackedProjects =
    [
        "Abstractions/AndyAI.Abstractions.csproj",
        "tests/AndyAI.Testing/AndyAI.Testing.csproj",
        "tests/AndyAI.Testing.Emulator/AndyAI.Testing.Emulator.csproj",
        "templates/AndyAI.Templates/AndyAI.Templates.csproj",
    ];

    private string _work = null!;
    private string _feed = null!;
    private string _hive = null!;

    /// <summary>Packs the feed and installs the template once: every test starts from the same packages.</summary>
    [OneTimeSetUp]
    public async Task PackTheFeedAndInstallTheTemplate()
    {
        _work = Directory.CreateTempSubdirectory("andyai-sdk-").FullName;
        _feed = Path.Combine(_work, "feed");
        _hive = Path.Combine(_work, "template-hive");
        string repository = RepositoryRoot();
        foreach (string project in PackedProjects)
        {
            // The solution was built (Debug) before the tests run: pack those outputs.
            await RunAsync(_work, ["pack", Path.Combine(repository, project), .. PackOptions, "-o", _feed]);
        }

        string template = Directory.GetFiles(_feed, "AndyAI.Templates.*.nupkg").Single();
        await RunAsync(_work, "new", "install", template, "--debug:custom-hive", _hive);
    }

    [OneTimeTearDown]
    public void DeleteWorkFolder()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // a build server may still hold a file; it is a temp folder
        }
    }

    [Test]
    public void WritingACogDoc_PacksAsThisTestDoes()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "writing-a-cog.md"));

        Assert.Multiple(() =>
        {
            Assert.That(doc, Does.Contain("dotnet build AndyAI.sln -c Debug\n"), "the packs below need a Debug build");
            Assert.That(doc, Does.Contain($"dotnet pack \"$p\" {string.Join(' ', PackOptions)} -o ~/andyai-feed\n"));
            foreach (string project in PackedProjects) Assert.That(doc, Does.Contain(project));
        });
    }

    [Test]
    public async Task NewCogFromTheTemplate_BuildsTestsPublishesLoadsAndReloadsAsV2()
    {
        string dice = Path.Combine(_work, "Dice");
        await RunAsync(_work, "new", "andyai-cog", "-n", "Dice", "-o", dice, "--feed", _feed, "--debug:custom-hive", _hive);
        string tested = await RunAsync(dice, "test", "Dice.Tests");
        string published = Path.Combine(dice, "Dice.zip");
        await RunAsync(dice, "publish", "Dice", "-c", "Release", "-o", Path.Combine(dice, "out"));
        Assert.That(File.Exists(published), "dotnet publish also gives Dice.zip");
        string v1 = Path.Combine(_work, "Dice-v1.zip");
        File.Copy(published, v1);

        // v2: a visible change and a new version.
        string source = Path.Combine(dice, "Dice", "DiceCog.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace("$\"🎲 {roll}", "$\"🎲 v2: {roll}", StringComparison.Ordinal));
        string csproj = Path.Combine(dice, "Dice", "Dice.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("<Version>1.0.0</Version>", "<Version>2.0.0</Version>", StringComparison.Ordinal));
        await RunAsync(dice, "publish", "Dice", "-c", "Release", "-o", Path.Combine(dice, "out"));

        BotSetup setup = BotSetup.OnlyCogs(BotSetup.Cog("Utility"));
        await using BotHarness bot = await BotHarness.StartAsync(setup);
        ulong channel = bot.NewChannel("sdk");
        File.Copy(v1, Path.Combine(bot.PluginsDirectory, "Dice.zip"));
        string loaded = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!load Dice");
        string rolledV1 = await bot.CommandAsync(bot.Discord.AliceUserId, channel, "!roll 20");
        File.Copy(published, Path.Combine(bot.PluginsDirectory, "Dice.zip"), overwrite: true);
        string reloaded = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!reload Dice");
        string rolledV2 = await bot.CommandAsync(bot.Discord.AliceUserId, channel, "!roll 20");
        string listing = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!cogs");

        Assert.Multiple(() =>
        {
            Assert.That(tested, Does.Match(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+3,"), "the template's own tests pass: two on the fakes, one in the real bot against the emulator");
            Assert.That(loaded, Does.StartWith("Dice: loaded in"));
            Assert.That(rolledV1, Does.Match(@"^🎲 \d+ \(d20\)$"));
            Assert.That(reloaded, Does.StartWith("Dice: reloaded in"));
            Assert.That(rolledV2, Does.Match(@"^🎲 v2: \d+ \(d20\)$"));
            Assert.That(BotHarness.CogLine(listing, "Dice"), Does.StartWith("Dice 2.0.0: running").And.Contain("— A new cog from the andyai-cog template: !roll [sides] rolls a die. (by You)"), listing);
        });
    }

    [Test]
    public async Task NewCogWithAHyphenatedName_KeepsTheNameAndGivesCSharpASafeOne()
    {
        // A hyphen is legal in a cog name (docs/plugins.md) but not in a C# identifier.
        string folder = Path.Combine(_work, "Dice-Roller");
        await RunAsync(_work, "new", "andyai-cog", "-n", "Dice-Roller", "-o", folder, "--feed", _feed, "--debug:custom-hive", _hive);
        // An internal type of the cog, used by its tests: the template lets the tests project see the cog's internals.
        File.WriteAllText(Path.Combine(folder, "Dice-Roller", "Faces.cs"), "namespace Dice_Roller;\n\ninternal static class Faces\n{\n    internal const int Default = 6;\n}\n");
        File.WriteAllText(Path.Combine(folder, "Dice-Roller.Tests", "FacesTests.cs"),
            "namespace Dice_Roller.Tests;\n\npublic sealed class FacesTests\n{\n    [Test]\n    public void Default_IsSix() => Assert.That(Faces.Default, Is.EqualTo(6));\n}\n");
        string tested = await RunAsync(folder, "test", "Dice-Roller.Tests");
        string cog = File.ReadAllText(Path.Combine(folder, "Dice-Roller", "Dice_RollerCog.cs"));
        string project = File.ReadAllText(Path.Combine(folder, "Dice-Roller", "Dice-Roller.csproj"));
        string inTheBot = File.ReadAllText(Path.Combine(folder, "Dice-Roller.Tests", "Dice_RollerCogInTheBotTests.cs"));
        string tests = File.ReadAllText(Path.Combine(folder, "Dice-Roller.Tests", "Dice-Roller.Tests.csproj"));

        Assert.Multiple(() =>
        {
            Assert.That(tested, Does.Match(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+4,"), "it builds, its tests see the cog's internals, and the cog loads in the real bot from cogs/Dice-Roller/");
            Assert.That(cog, Does.Contain("namespace Dice_Roller;").And.Contain("public sealed class Dice_RollerCog : ICog").And.Contain("Name => \"Dice-Roller\";"));
            Assert.That(project, Does.Contain("<Description>A new cog from the andyai-cog template: !roll [sides] rolls a die.</Description>"), "what it is, whatever its name");
            Assert.That(inTheBot, Does.Contain("namespace Dice_Roller.Tests;").And.Contain("EmulatedBot.CogFolder(\"Dice-Roller\")"));
            Assert.That(tests, Does.Contain("Include=\"../Dice-Roller/Dice-Roller.csproj\""));
            Assert.That(project, Does.Contain("<InternalsVisibleTo Include=\"Dice-Roller.Tests\" />"));
        });
    }

    [Test]
    public async Task NewCogWhoseStartThrows_TheInTheBotTestFailsAtOnceWithTheCogsError()
    {
        // EmulatedBot.StartAsync must report a cog that failed to start, not wait out StartTimeout (60 s) and then
        // say only that the cog was not running.
        string folder = Path.Combine(_work, "Broken");
        await RunAsync(_work, "new", "andyai-cog", "-n", "Broken", "-o", folder, "--feed", _feed, "--debug:custom-hive", _hive);
        string source = Path.Combine(folder, "Broken", "BrokenCog.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace(
            "ArgumentNullException.ThrowIfNull(context);", "if (Name.Length > 0) throw new InvalidOperationException(\"the dice are missing\");", StringComparison.Ordinal));

        (int exitCode, string output) = await RunUncheckedAsync(folder, "test", "Broken.Tests", "--filter", "Name~InAChannel");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("A cog failed to start: Broken").And.Contain("the dice are missing"));
            Assert.That(output, Does.Not.Contain("did not report every cog running"));
        });
    }

    [Test]
    public async Task NewCogWithoutAFeed_IsRefused()
    {
        // Without --feed, the nuget.config used to map AndyAI.* to nuget.org, where the names are not ours.
        string folder = Path.Combine(_work, "NoFeed");

        (int exitCode, string output) = await RunUncheckedAsync(_work, "new", "andyai-cog", "-n", "NoFeed", "-o", folder, "--debug:custom-hive", _hive);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("--feed"));
            Assert.That(File.Exists(Path.Combine(folder, "nuget.config")), Is.False, "no nuget.config is written");
        });
    }

    [Test]
    public async Task NewCog_MapsAndyAIPackagesOnlyToTheGivenFeed()
    {
        string folder = Path.Combine(_work, "Mapped");
        await RunAsync(_work, "new", "andyai-cog", "-n", "Mapped", "-o", folder, "--feed", _feed, "--debug:custom-hive", _hive);

        var config = XDocument.Load(Path.Combine(folder, "nuget.config"));
        string? andyaiSource = config.Descendants("packageSources").Elements("add").SingleOrDefault(a => (string?)a.Attribute("key") == "andyai")?.Attribute("value")?.Value;
        string[] andyaiPatterns = [.. config.Descendants("packageSource").Where(s => (string?)s.Attribute("key") == "andyai").Elements("package").Select(p => (string)p.Attribute("pattern")!)];

        Assert.That(andyaiSource, Is.EqualTo(_feed));
        Assert.That(andyaiPatterns, Is.EqualTo(new[] { "AndyAI.*" }));
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AndyAI.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"AndyAI.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs <c>dotnet</c> with its own NuGet cache; fails the test with the output when it exits non-zero.</summary>
    private async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        (int exitCode, string output) = await RunUncheckedAsync(workingDirectory, arguments);
        if (exitCode != 0) Assert.Fail($"dotnet {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
        return output;
    }

    /// <summary>Runs <c>dotnet</c> with its own NuGet cache; returns its exit code and output (stdout and stderr).</summary>
    private async Task<(int ExitCode, string Output)> RunUncheckedAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The child is a build of its own, not part of the test host's MSBuild environment.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using Process process = Process.Start(start)!;
        var output = new StringBuilder();
        Task stdout = PumpAsync(process.StandardOutput, output);
        Task stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {StepTimeout}:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output) output.AppendLine(line);
        }
    }
}
