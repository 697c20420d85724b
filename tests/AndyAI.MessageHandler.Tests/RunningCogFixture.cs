using AndyAI.Cogs.MessageHandler.Tests.Fakes;

namespace AndyAI.Cogs.MessageHandler.Tests;

/// <summary>
/// Starts the cog on a fresh kit context, wired so that delivering a message returns once the cog has answered it
/// (the cog answers in the background), and disposes every context after the test: NUnit shares one fixture instance
/// between tests.
/// </summary>
public abstract class RunningCogFixture
{
    private readonly List<FakeCogContext> _contexts = [];

    [TearDown]
    public void DisposeContexts()
    {
        foreach (FakeCogContext context in _contexts)
        {
            context.Dispose();
        }

        _contexts.Clear();
    }

    /// <summary>A new context with <paramref name="settings"/>, disposed after the test; no cog runs on it yet.</summary>
    private protected FakeCogContext NewContext(string settings = "{}")
    {
        FakeCogContext context = TestContexts.Create(settings);
        _contexts.Add(context);
        return context;
    }

    /// <summary>A started cog on a new context with <paramref name="settings"/>; <paramref name="configure"/> runs before the cog starts.</summary>
    private protected async Task<(MessageHandlerCog Cog, FakeCogContext Context)> StartCogAsync(string settings = "{}", Action<FakeCogContext>? configure = null)
    {
        FakeCogContext context = NewContext(settings);
        configure?.Invoke(context);
        var cog = new MessageHandlerCog();
        await cog.StartAsync(context, CancellationToken.None);
        context.Bot.AfterDelivery = cog.WhenIdleAsync;
        return (cog, context);
    }
}
