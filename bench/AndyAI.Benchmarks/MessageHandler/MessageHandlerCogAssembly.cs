using System.Reflection;

namespace AndyAI.Benchmarks.MessageHandler;

/// <summary>
/// The MessageHandler cog, loaded the way the host sees it: a separately built assembly that references only the
/// contract. This project does not reference the cog, so the benchmarks load its Release build
/// (<c>dotnet build -c Release Plugins/MessageHandler/MessageHandler.csproj</c>) from bytes: a file-mapped load would
/// break when the cog is rebuilt meanwhile.
/// </summary>
internal static class MessageHandlerCogAssembly
{
    private static readonly Lazy<Assembly> Loaded = new(Load);

    public static Assembly Assembly => Loaded.Value;

    private static Assembly Load()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AndyAI.sln")))
            {
                string path = Path.Combine(directory.FullName, "Plugins", "MessageHandler", "bin", "Release", "net10.0", "MessageHandler.dll");
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException("Build the cog first: dotnet build -c Release Plugins/MessageHandler/MessageHandler.csproj", path);
                }

                return Assembly.Load(File.ReadAllBytes(path));
            }
        }

        throw new DirectoryNotFoundException("AndyAI.sln not found above " + AppContext.BaseDirectory);
    }
}
