namespace AndyAI.BotBench;

/// <summary>The cogs every bot benchmark runs (MessageHandler and Utility), copied into a bot's own plugins folder.</summary>
internal static class BenchCogs
{
    public static readonly string[] Names = ["MessageHandler", "Utility"];

    /// <summary>
    /// Copies each cog into <c>{home}/plugins/{name}/</c>. <paramref name="cogs"/> is either the repository's Plugins/
    /// folder (each cog's Release build is used) or a deployed plugins/ folder.
    /// </summary>
    public static void CopyTo(string cogs, string home)
    {
        foreach (string cog in Names)
        {
            string target = Path.Combine(home, "plugins", cog);
            Directory.CreateDirectory(target);
            string release = Path.Combine(cogs, cog, "bin", "Release", "net10.0");
            foreach (string file in Directory.EnumerateFiles(Directory.Exists(release) ? release : Path.Combine(cogs, cog)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
    }
}
