using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Configuration;

namespace AndyAI.Host.Tests.Layout;

/// <summary>
/// Guards the repository's layout. Two paths that differ only by case are one folder on a case-insensitive file
/// system (Windows, macOS by default): the build then deploys cogs into their own sources, discovery scans bin/ and
/// obj/, and an ignore rule meant for the run-time folder hides the sources. And a type is found by its file name:
/// one type per file, named after it, and one word for a plugin in code: cog (docs/architecture.md, "Conventions").
/// </summary>
[TestFixture]
public sealed partial class RepositoryLayoutTests
{
    /// <summary>
    /// Files that group the wire payloads of one protocol surface (each a handful of properties mirroring Discord's or
    /// OpenAI's JSON), where one file per payload would scatter what is read side by side with the API docs.
    /// </summary>
    private static readonly HashSet<string> PayloadGroups = new(StringComparer.Ordinal)
    {
        "Discord/Json/GatewayPayloads.cs",
        "Discord/Json/InteractionPayloads.cs",
        "Discord/Json/RestPayloads.cs",
        "Emulator/Control/JsonControl.cs",
        "Emulator/OpenAi/Payloads/JsonPayloads.cs",
        "Emulator/Payloads/InteractionModels.cs",
        "Emulator/Payloads/JsonModels.cs",
        "Emulator/World/WorldRecords.cs",
    };

    private static readonly string Root = FindRepositoryRoot();

    [Test]
    public void TrackedPaths_NoTwoDifferOnlyByCase()
    {
        IReadOnlyList<string> tracked = TrackedFiles();
        Assert.That(tracked, Is.Not.Empty, "no tracked files found: is the repository root right?");

        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in tracked)
        {
            // every folder on the way counts, not only the file: Plugins/X.cs and plugins/Y.cs collide as folders
            for (int slash = file.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = file.IndexOf('/', slash + 1))
            {
                paths.Add(file[..slash]);
            }

            paths.Add(file);
        }

        Assert.That(CaseCollisions(paths), Is.Empty);
    }

    [Test]
    public void GeneratedTopLevelPaths_DoNotCollideByCaseWithTrackedOnes()
    {
        var topLevel = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in TrackedFiles()) topLevel.Add(file.Split('/')[0]);
        foreach (string generated in GeneratedTopLevelPaths()) topLevel.Add(generated);

        Assert.That(CaseCollisions(topLevel), Is.Empty);
    }

    [Test]
    public void CaseCollisions_TwoNamesDifferingOnlyByCase_AreReported()
    {
        string[] paths = ["Plugins", "Plugins/A.cs", "plugins", "run"];

        Assert.That(CaseCollisions(paths), Is.EqualTo(new[] { "Plugins | plugins" }));
    }

    [Test]
    public void SourceFiles_EachDeclaresATypeNamedAfterIt()
    {
        var misnamed = new List<string>();
        foreach (string file in TrackedFiles().Where(f => f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            if (PayloadGroups.Contains(file) || Path.GetFileName(file) == "Program.cs") continue;
            string? problem = MisnamedTypes(Path.GetFileName(file), File.ReadAllText(Path.Combine(Root, file)));
            if (problem is not null) misnamed.Add($"{file}: {problem}");
        }

        Assert.That(misnamed, Is.Empty, "move each type into a file named after it (or a payload group into PayloadGroups, with the reason)");
    }

    [Test]
    public void MisnamedTypes_ASecondTypeOrAWrongName_IsReported()
    {
        const string TwoTypes = "namespace N;\n\n/// <summary>x</summary>\npublic sealed class FooTests\n{\n}\n\ninternal static class Helper\n{\n}\n";

        Assert.Multiple(() =>
        {
            Assert.That(MisnamedTypes("FooTests.cs", TwoTypes), Is.EqualTo("also declares Helper"));
            Assert.That(MisnamedTypes("Bar.cs", TwoTypes), Is.EqualTo("declares FooTests, Helper, none named Bar"));
            Assert.That(MisnamedTypes("Foo.cs", "namespace N;\n\ninternal readonly record struct Foo<T>(T Value);\n"), Is.Null);
            Assert.That(MisnamedTypes("Foo.Parsing.cs", "namespace N;\n\npublic sealed partial class Foo\n{\n    private sealed class Nested;\n}\n"), Is.Null);
            Assert.That(MisnamedTypes("GlobalUsings.cs", "global using System;\n"), Is.Null);
            Assert.That(MisnamedTypes("Foo.cs", "namespace N;\n\npublic sealed class Foo;\n\nfile sealed class Helper;\n"), Is.Null);
        });
    }

    [Test]
    public void NoFolderOutsideTheCogSources_IsNamedPlugins()
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in TrackedFiles())
        {
            string[] segments = file.Split('/');
            for (int i = 1; i < segments.Length - 1; i++)
            {
                if (segments[i].Contains("plugin", StringComparison.OrdinalIgnoreCase)) folders.Add(string.Join('/', segments[..(i + 1)]));
            }
        }

        Assert.That(folders, Is.Empty, "Plugins/ at the root holds the cog sources; anywhere else the word in code is cog");
    }

    /// <summary>
    /// Null when the file's top-level types (at column 0 under a file-scoped namespace; <c>file</c> types not counted) are
    /// exactly one, named after the file (partial files: the part before the first dot), or none; else what is wrong.
    /// </summary>
    private static string? MisnamedTypes(string fileName, string source)
    {
        string expected = fileName.Split('.')[0];
        // A file-local type (the file modifier) is a private helper of the file's type, not a second type.
        List<string> names = TopLevelType().Matches(source).Where(m => !m.Groups["file"].Success).Select(m => m.Groups["name"].Value).ToList();
        if (names.Count == 0) return null;
        if (!names.Contains(expected, StringComparer.Ordinal)) return $"declares {string.Join(", ", names)}, none named {expected}";
        List<string> others = names.Where(n => n != expected).ToList();
        return others.Count == 0 ? null : $"also declares {string.Join(", ", others)}";
    }

    [GeneratedRegex(@"^(?:(?:public|internal|(?<file>file)|sealed|static|abstract|partial|readonly|ref|unsafe)\s+)*(?:record\s+(?:class|struct)|class|struct|record|interface|enum)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    /// <summary>Every group of paths equal under case folding, as "a | b".</summary>
    private static List<string> CaseCollisions(IEnumerable<string> paths) =>
        paths.Distinct(StringComparer.Ordinal)
            .GroupBy(p => p, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" | ", g.Order(StringComparer.Ordinal)))
            .ToList();

    /// <summary>
    /// The top-level folders the build and the host create: the run-time folders of the shipped plugins.json and of
    /// the built-in defaults, the default log file's folder, and every root-anchored entry of .gitignore.
    /// </summary>
    private static IEnumerable<string> GeneratedTopLevelPaths()
    {
        using JsonDocument plugins = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "plugins.json")), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        yield return TopSegment(plugins.RootElement.GetProperty("pluginsDirectory").GetString()!);
        yield return TopSegment(plugins.RootElement.GetProperty("dataDirectory").GetString()!);
        yield return TopSegment(PluginsConfigurationParser.DefaultPluginsDirectory);
        yield return TopSegment(PluginsConfigurationParser.DefaultDataDirectory);
        yield return TopSegment(HostSettings.DefaultLogFile);
        foreach (string line in File.ReadLines(Path.Combine(Root, ".gitignore")))
        {
            if (line.StartsWith('/') && line.Trim('/').Length > 0 && !line.Contains('*', StringComparison.Ordinal))
            {
                yield return TopSegment(line.Trim().TrimStart('/'));
            }
        }
    }

    private static string TopSegment(string relativePath) => relativePath.Replace('\\', '/').Split('/')[0];

    private static List<string> TrackedFiles()
    {
        var start = new ProcessStartInfo("git", ["-C", Root, "ls-files", "-z"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        Task<string> errors = git.StandardError.ReadToEndAsync();
        string output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.That(git.ExitCode, Is.Zero, $"git ls-files failed: {errors.Result}");
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AndyAI.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"AndyAI.sln not found above {AppContext.BaseDirectory}");
    }
}
