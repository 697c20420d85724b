using AndyAI.Host.Cogs.Loading;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Fakes;

namespace AndyAI.Host.Tests.Cogs.Loading;

public sealed class CogInstanceLifecycleTests
{
    [Test]
    public void ShadowRoot_Default_IsAFreshFolderOnlyThisUserCanEnter()
    {
        var contexts = new FakeCogContextFactory(TimeProvider.System);
        var first = new CogInstanceLifecycle(contexts, new CogSupervisorOptions(), TimeProvider.System);
        var second = new CogInstanceLifecycle(contexts, new CogSupervisorOptions(), TimeProvider.System);

        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(first.ShadowRoot, Is.Not.EqualTo(second.ShadowRoot), "a fixed, guessable name could be created first by another user");
                Assert.That(Directory.Exists(first.ShadowRoot), Is.True);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.That(File.GetUnixFileMode(first.ShadowRoot),
                        Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
                }
            });
        }
        finally
        {
            first.DeleteShadowRoot();
            second.DeleteShadowRoot();
        }
    }

    [Test]
    public void ShadowRoot_Configured_IsCreatedOnlyForThisUser()
    {
        string root = Path.Combine(Path.GetTempPath(), "andyai-shadow-test-" + Guid.NewGuid().ToString("N"));
        var lifecycle = new CogInstanceLifecycle(
            new FakeCogContextFactory(TimeProvider.System), new CogSupervisorOptions { ShadowCopyDirectory = root }, TimeProvider.System);

        try
        {
            Assert.That(lifecycle.ShadowRoot, Is.EqualTo(root));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(root), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            }
        }
        finally
        {
            lifecycle.DeleteShadowRoot();
        }
    }
}
