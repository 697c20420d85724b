using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Fakes;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>
/// The set-up every supervisor-level test shares: a fresh <see cref="CogSandbox"/> and a fake context factory per
/// test (NUnit shares one fixture instance between tests), disposed after it, and the status lookup.
/// </summary>
public abstract class SandboxFixture
{
    private protected CogSandbox Sandbox { get; private set; } = null!;

    private protected FakeCogContextFactory Contexts { get; private set; } = null!;

    [SetUp]
    public void CreateSandbox()
    {
        Sandbox = new CogSandbox();
        Contexts = new FakeCogContextFactory(TimeProvider.System);
    }

    [TearDown]
    public virtual async Task DisposeSandbox() => await Sandbox.DisposeAsync();

    /// <summary>The status of a cog by its name or its package name.</summary>
    private protected static CogStatus StatusOf(CogSupervisor supervisor, string name) =>
        supervisor.List().Single(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Package, name, StringComparison.OrdinalIgnoreCase));
}
