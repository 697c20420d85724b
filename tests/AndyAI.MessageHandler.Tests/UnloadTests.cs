using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AndyAI.Abstractions;
using AndyAI.Cogs.MessageHandler.Tests.Fakes;

namespace AndyAI.Cogs.MessageHandler.Tests;

/// <summary>
/// The cog loaded the way the host loads it (its own collectible context, the contract shared), run through a
/// whole answer, stopped and unloaded: nothing of it may stay reachable (no static state, no timer, no reflection JSON).
/// </summary>
public sealed class UnloadTests
{
    [Test]
    public async Task StopAsync_ThenUnload_ReleasesTheCogLoadContext()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "MessageHandler.dll");
        Assert.That(File.Exists(path), Is.True, path);

        WeakReference context = await LoadAnswerStopAndUnloadAsync(path);
        // Another thread may still be leaving the cog's code (a continuation finishing): a count of 20 quick rounds
        // is 200 ms, which a loaded machine can outlast. Keep collecting up to a hang guard instead.
        long started = Stopwatch.GetTimestamp();
        while (context.IsAlive && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }

        Assert.That(context.IsAlive, Is.False, "something still roots the cog: a static, a handler, a timer, a running task?");
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // keeps the context out of the calling frame's locals
    private static async Task<WeakReference> LoadAnswerStopAndUnloadAsync(string path)
    {
        var loadContext = new CogLoadContext(path);
        Assembly assembly = loadContext.LoadFromAssemblyPath(path);
        var cog = (ICog)Activator.CreateInstance(assembly.GetType("AndyAI.Cogs.MessageHandler.MessageHandlerCog", throwOnError: true)!)!;
        Assert.That(cog.GetType().Assembly, Is.Not.SameAs(typeof(MessageHandlerCog).Assembly), "loaded apart from the test's copy");

        using (var context = TestContexts.Create("""{"userRateLimit": {"capacity": 3, "periodSeconds": 10}, "systemPrompt": "Be brief."}"""))
        {
            await cog.StartAsync(context, CancellationToken.None);
            await context.Bot.DeliverAsync(TestMessages.Mention("<@100> hello"));
            await context.Bot.DeliverAsync(TestMessages.Mention("<@100> hello"));
            await context.Bot.DeliverAsync(TestMessages.Mention("<@100>"));
            await cog.StopAsync(CancellationToken.None);
            Assert.That(context.Bot.Sent, Has.Count.EqualTo(3));
        }

        loadContext.Unload();
        return new WeakReference(loadContext);
    }

    private sealed class CogLoadContext(string mainAssemblyPath)
        : AssemblyLoadContext(Path.GetFileNameWithoutExtension(mainAssemblyPath), isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The contract and its dependencies come from the host (here: the test's default context).
            if (assemblyName.Name is "AndyAI.Abstractions" || assemblyName.Name!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            {
                return null;
            }

            return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
        }
    }
}
