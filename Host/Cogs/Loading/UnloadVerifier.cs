using System.Runtime.CompilerServices;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// Checks that an unloaded cog's load context was really collected: a bounded loop of full garbage collections,
/// each from a fresh stack. <c>AssemblyLoadContext.All</c> forgets a context at <c>Unload()</c>, so it proves nothing.
/// </summary>
internal static class UnloadVerifier
{
    public static async Task<bool> WaitForCollectionAsync(WeakReference loadContext, WeakReference assembly, int attempts)
    {
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            // A fresh thread-pool stack: we may have been resumed synchronously by the cog's own code (its StopAsync
            // completing), and a frame of the cog's code on our stack would keep its context alive.
            await Task.Yield();
            if (CollectAndCheck(loadContext, assembly)) return true;

            // Real time, not the bot's clock: this waits for other threads to leave the cog's code (a timer callback
            // or a continuation still running), which no fake clock can advance.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1 << attempt, 200)));
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool CollectAndCheck(WeakReference loadContext, WeakReference assembly)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return !loadContext.IsAlive && !assembly.IsAlive;
    }
}
