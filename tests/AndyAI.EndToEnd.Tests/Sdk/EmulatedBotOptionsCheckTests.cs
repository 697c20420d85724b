using AndyAI.Testing.Emulator;

namespace AndyAI.EndToEnd.Tests.Sdk;

/// <summary>EmulatedBot refuses a cog folder the bot would skip before starting anything, instead of timing out.</summary>
public sealed class EmulatedBotOptionsCheckTests
{
    [Test]
    public async Task StartAsync_FolderNotNamedAfterTheCogAssembly_ThrowsAtOnceNamingTheExpectedDll()
    {
        DirectoryInfo build = Directory.CreateTempSubdirectory("andyai-cogfolder-");
        string output = Directory.CreateDirectory(Path.Combine(build.FullName, "net10.0")).FullName;
        await File.WriteAllTextAsync(Path.Combine(output, "Kitchen.dll"), "");
        var options = new EmulatedBotOptions { HostPath = "/nonexistent/AndyAI.Host.dll" };
        options.CogFolders.Add(output + Path.DirectorySeparatorChar);

        try
        {
            ArgumentException? refused = await Assert.ThrowsAsync<ArgumentException>(() => EmulatedBot.StartAsync(options));

            Assert.That(refused!.Message, Does.Contain("net10.0.dll").And.Contain("CogFolder"));
        }
        finally
        {
            build.Delete(recursive: true);
        }
    }
}
