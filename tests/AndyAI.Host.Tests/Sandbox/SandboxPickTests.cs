using AndyAI.Emulator;
using AndyAI.Host.Sandbox;

namespace AndyAI.Host.Tests.Sandbox;

/// <summary>
/// <c>:pick</c> in the sandbox chat: how a select menu is listed, and what a user's typed choices send, resolved by
/// name against a real emulator's guild as Discord's client suggests them.
/// </summary>
[NonParallelizable]
public sealed class SandboxPickTests
{
    private DiscordEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartEmulator() => _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions());

    [OneTimeTearDown]
    public async Task StopEmulator() => await _emulator.DisposeAsync();

    private static EmulatorSelectMenu Menu(int type, int min = 1, int max = 1, string? placeholder = null) =>
        new("Logs:m", type, placeholder, min, max, type == 3 ? [("Red", "red"), ("Light blue", "light-blue")] : [], [], Disabled: false);

    private IReadOnlyList<string> Resolve(EmulatorSelectMenu menu, string typed)
    {
        Assert.That(SandboxPick.TryResolve(menu, typed, t => _emulator.MentionMarkupFor(_emulator.DefaultGuildId, t), out IReadOnlyList<string> values, out string? error), Is.True, error);
        return values;
    }

    [Test]
    public void Describe_SaysWhatToPickAndHowMany()
    {
        Assert.That(SandboxPick.Describe(Menu(3, 0, 2, "Colours")), Is.EqualTo("Colours: Red, Light blue (pick 0 to 2)"));
        Assert.That(SandboxPick.Describe(Menu(5, 1, 3)), Is.EqualTo("a member, as @name (pick 1 to 3)"));
        Assert.That(SandboxPick.Describe(Menu(8, placeholder: "Where to log")), Is.EqualTo("Where to log: a channel, as #name (pick 1)"));
    }

    [Test]
    public void Describe_DefaultValues_ShownAsPickTakesThemBack()
    {
        EmulatorSelectMenu where = Menu(8, placeholder: "Where to log") with { DefaultValues = [(_emulator.DefaultChannelId, "channel")] };
        EmulatorSelectMenu ping = Menu(7, 0, 3) with { DefaultValues = [(_emulator.ModeratorRoleId, "role"), (_emulator.AliceUserId, "user"), (424242, "user")] };

        string whereShown = SandboxPick.Describe(where, _emulator.FindName);
        string pingShown = SandboxPick.Describe(ping, _emulator.FindName);

        Assert.That(whereShown, Is.EqualTo("Where to log: a channel, as #name (pick 1; already picked: #general)"));
        Assert.That(pingShown, Is.EqualTo("a member or role, as @name (pick 0 to 3; already picked: @Moderators, @alice, 424242)"), "an id nothing has stays an id");
        Assert.That(SandboxPick.Describe(where), Does.EndWith($"already picked: {_emulator.DefaultChannelId})"), "no names: ids");
        // What is listed, typed back into :pick, picks the same entries: keeping the defaults means typing them.
        Assert.That(Resolve(ping, pingShown[(pingShown.IndexOf("picked: ", StringComparison.Ordinal) + 8)..^1]),
            Is.EqualTo(new[] { _emulator.ModeratorRoleId.ToString(), _emulator.AliceUserId.ToString(), "424242" }));
        Assert.That(Resolve(ping, ""), Is.Empty, "nothing typed still clears a min-0 menu, defaults or not");
    }

    [Test]
    public void StringMenu_EntriesByLabelOrValue_AnyCase_OneOrSeveral()
    {
        EmulatorSelectMenu menu = Menu(3, 0, 2);

        Assert.That(Resolve(menu, "Light blue"), Is.EqualTo(new[] { "light-blue" }), "a label with a space is one entry");
        Assert.That(Resolve(menu, "RED, light-blue"), Is.EqualTo(new[] { "red", "light-blue" }));
        Assert.That(Resolve(menu, "red light-blue"), Is.EqualTo(new[] { "red", "light-blue" }));
        Assert.That(Resolve(menu, "  "), Is.Empty, "nothing typed: the menu is cleared");
        Assert.That(SandboxPick.TryResolve(menu, "green", _ => null, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("'green'").And.Contain("Red, Light blue"));
    }

    [Test]
    public void EntityMenus_NamesAsDiscordsClientSuggestsThem_OrIds()
    {
        string alice = _emulator.AliceUserId.ToString(), bob = _emulator.BobUserId.ToString();

        Assert.That(Resolve(Menu(5, 1, 2), "@alice, bob"), Is.EqualTo(new[] { alice, bob }));
        Assert.That(Resolve(Menu(6), "@Moderators"), Is.EqualTo(new[] { _emulator.ModeratorRoleId.ToString() }));
        Assert.That(Resolve(Menu(7, 1, 2), "@moderators @alice"), Is.EqualTo(new[] { _emulator.ModeratorRoleId.ToString(), alice }));
        Assert.That(Resolve(Menu(8), "#general"), Is.EqualTo(new[] { _emulator.DefaultChannelId.ToString() }));
        Assert.That(Resolve(Menu(5), bob), Is.EqualTo(new[] { bob }));
        Assert.That(SandboxPick.TryResolve(Menu(5), "@nobody", t => _emulator.MentionMarkupFor(_emulator.DefaultGuildId, t), out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("'@nobody'"));
    }
}
