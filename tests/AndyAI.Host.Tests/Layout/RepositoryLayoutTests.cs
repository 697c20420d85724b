using System.Diagnostics;
using System.Text.Json;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Configuration;

namespace AndyAI.Host.Tests.Layout;

/// <summary>
/// Guards the repository against two paths that differ only by case. On a case-insensitive file system (Windows,
/// macOS by default) such paths are one folder: the build then deploys cogs into their own sources, discovery scans
/// bin/ and obj/, and an ignore rule meant for the run-time folder hides the sources.
/// </summary>
[TestFixture]
public sealed class RepositoryLayoutTests
{
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
