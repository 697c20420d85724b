namespace AndyAI.Emulator.Tests.Support;

internal static class RepoPaths
{
    /// <summary>The repository root: the first ancestor of the test output folder holding AndyAI.sln.</summary>
    public static string Root
    {
        get
        {
            for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AndyAI.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("AndyAI.sln not found above " + TestContext.CurrentContext.TestDirectory);
        }
    }
}
