using AndyAI.Host.Settings;

namespace AndyAI.Host.Tests.Settings;

public sealed class SettingsCommandsTests
{
    private SettingsSut _sut = null!;

    [SetUp]
    public async Task SetUpAsync() => _sut = await SettingsSut.StartAsync();

    [TearDown]
    public async Task TearDownAsync() => await _sut.DisposeAsync();

    [TestCase("guild", "Usage: `!settings guild <key> [value]`; keys: prompt, persona, model, channels, ai-roles, settings-roles, cog, user-quota, guild-quota.")]
    [TestCase("colour", "Usage: `!settings`, `!settings guild <key> [value]` or `!settings me <key> [value]`.")]
    public async Task Prefix_Usage_NamesTheCommandWithItsPrefix(string what, string expected)
    {
        var sut = new SettingsCommands(_sut.Editor, new FakeLlmService(_sut.Time));
        var command = new FakeCommandContext(new Dictionary<string, object?> { ["what"] = what }) { InvokedAs = "settings" };

        await sut.PrefixAsync(command, "!", CancellationToken.None);

        Assert.That(command.Replies.Single(), Is.EqualTo(expected));
    }
}
