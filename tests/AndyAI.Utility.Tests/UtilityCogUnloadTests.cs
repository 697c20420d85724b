using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AndyAI.Abstractions;
using AndyAI.Cogs.Utility;
using AndyAI.Utility.Tests.Fakes;

namespace AndyAI.Utility.Tests;

/// <summary>The cog, loaded the way the host loads it, leaves nothing behind that keeps its code alive.</summary>
public class UtilityCogUnloadTests
{
    [Test]
    public async Task StartRunStop_InCollectibleContext_ContextIsCollected()
    {
        string path = typeof(UtilityCog).Assembly.Location;

        WeakReference context = await LoadRunAndUnloadAsync(path);
        for (int i = 0; context.IsAlive && i < 10; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.That(context.IsAlive, Is.False, "something still roots the Utility cog: a static, a timer, a task, reflection-based JSON?");
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // keeps the context out of the calling frame's locals
    private static async Task<WeakReference> LoadRunAndUnloadAsync(string path)
    {
        var loadContext = new CogLoadContext(path);
        Assembly assembly = loadContext.LoadFromAssemblyPath(path);
        var cog = (ICog)Activator.CreateInstance(assembly.GetType("AndyAI.Cogs.Utility.UtilityCog", throwOnError: true)!)!;
        var context = TestContexts.Create("""{ "cooldownSeconds": 3 }""");
        context.Bot.GatewayLatency = TimeSpan.FromMilliseconds(40);

        await cog.StartAsync(context, CancellationToken.None);
        foreach (var command in context.FakeCommands.Added)
        {
            var invocation = new FakeCommandContext();
            await command.Handler(invocation, CancellationToken.None);
            Assert.That(invocation.Replies, Has.Count.EqualTo(1), command.Name);
        }

        foreach (var command in context.FakeInteractions.Commands)
        {
            var interaction = new FakeInteractionContext { CommandName = command.Name };
            await command.Handler(interaction, CancellationToken.None);
            Assert.That(interaction.Replies, Has.Count.EqualTo(1), "/" + command.Name);
        }

        await cog.StopAsync(CancellationToken.None);
        context.FakeCommands.Added.Clear(); // the host drops the cog's commands at unload
        context.FakeInteractions.Clear();
        loadContext.Unload();
        return new WeakReference(loadContext);
    }

    /// <summary>Like the host's: the cog gets its own copy of its assembly, the contract comes from the host.</summary>
    private sealed class CogLoadContext(string mainAssemblyPath)
        : AssemblyLoadContext(Path.GetFileNameWithoutExtension(mainAssemblyPath), isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name == Path.GetFileNameWithoutExtension(mainAssemblyPath) ? LoadFromAssemblyPath(mainAssemblyPath) : null;
    }
}
