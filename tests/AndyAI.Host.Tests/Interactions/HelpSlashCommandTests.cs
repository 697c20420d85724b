using AndyAI.Abstractions.Interactions;
using AndyAI.Commands;
using AndyAI.Host.Cogs;
using AndyAI.Host.Interactions;
using AndyAI.Host.Tests.Fakes;

namespace AndyAI.Host.Tests.Interactions;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // fresh fakes per test
public sealed class HelpSlashCommandTests
{
    private const ulong UtilityOffGuild = 10;

    private readonly InteractionTable _table = new();
    private readonly FakeCommandCatalog _catalog = new();

    private HelpSlashCommand CreateSut() => new(_table, _catalog, new UtilityOffIn(UtilityOffGuild));

    private HelpSlashCommandRegistration CreateRegistration() => new(_catalog, _table, CreateSut());

    /// <summary>What the host and the Utility cog declare: /help, an owner-only /reload, Utility's /ping and /stats, and one more public command.</summary>
    private async Task<CogInteractionRegistry> StartWithUtilityAsync()
    {
        await CreateRegistration().StartAsync(CancellationToken.None);
        _table.Add(ICommandCatalog.HostOwner, InteractionRoute.ForCommand(ICommandCatalog.HostOwner, new SlashCommandDefinition("reload", "Reloads.", (_, _) => default)
        {
            OwnerOnly = true,
            Options = [new SlashCommandOption("cog", SlashOptionType.String, "The cog")],
        }));
        _table.Add("Other", InteractionRoute.ForCommand("Other", new SlashCommandDefinition("cogs_public", "Public.", (_, _) => default)));
        CogInteractionRegistry utility = UtilityRegistry();
        utility.AddCommand(new SlashCommandDefinition("ping", "Shows the gateway heartbeat latency and a REST round trip.", (_, _) => default));
        utility.AddCommand(new SlashCommandDefinition("stats", "Shows message, cache, LLM and memory statistics.", (_, _) => default)
        {
            Options = [new SlashCommandOption("public", SlashOptionType.Boolean, "Show the statistics to everyone (only to you by default)")],
        });
        utility.Registrations.Activate();
        return utility;
    }

    private CogInteractionRegistry UtilityRegistry() => new(_table, "Utility", _ => { });

    private async Task<InteractionReply> HelpAsync(bool owner = false, ulong? guildId = 1)
    {
        var interaction = new FakeInteractionContext { CommandName = "help", CallerIsOwner = owner, GuildId = guildId };
        await _table.FindCommand("help")!.Command!.Handler(interaction, CancellationToken.None);
        return interaction.Replies.Single().Reply;
    }

    [TestCase(false, "**Slash commands**\n`/cogs_public` — Public.\n`/help` — Lists the slash commands you can use.\n`/ping` — Shows the gateway heartbeat latency and a REST round trip.\n`/stats [public]` — Shows message, cache, LLM and memory statistics.\nPrefix commands: `!help`")]
    [TestCase(true, "**Slash commands**\n`/cogs_public` — Public.\n`/help` — Lists the slash commands you can use.\n`/ping` — Shows the gateway heartbeat latency and a REST round trip.\n`/reload [cog]` — Reloads. *(owner only)*\n`/stats [public]` — Shows message, cache, LLM and memory statistics.\nPrefix commands: `!help`")]
    public async Task Help_ListsCommandsPrivately_OwnerOnlyForOwners(bool owner, string expected)
    {
        await StartWithUtilityAsync();

        InteractionReply reply = await HelpAsync(owner);

        Assert.That(reply.Ephemeral, Is.True);
        Assert.That(reply.Content, Is.EqualTo(expected));
    }

    [Test]
    public async Task Help_InAServerWithUtilityOff_StillAnswers_WithoutUtilitysCommands()
    {
        await StartWithUtilityAsync();

        InteractionReply off = await HelpAsync(guildId: UtilityOffGuild);
        InteractionReply direct = await HelpAsync(guildId: null);

        Assert.That(off.Content, Is.EqualTo("**Slash commands**\n`/cogs_public` — Public.\n`/help` — Lists the slash commands you can use.\nPrefix commands: `!help`"));
        Assert.That(direct.Content, Does.Contain("`/ping`").And.Contain("`/stats [public]`"), "a DM lists them all");
    }

    [Test]
    public async Task Help_UtilityUnloadedOrReloaded_StaysTheHostsAndOnlyOne()
    {
        CogInteractionRegistry utility = await StartWithUtilityAsync();

        utility.Registrations.Deactivate(); // unloaded
        InteractionReply unloaded = await HelpAsync();
        CogInteractionRegistry reloaded = UtilityRegistry();
        reloaded.AddCommand(new SlashCommandDefinition("ping", "Pong.", (_, _) => default));
        reloaded.Registrations.Activate();
        InvalidOperationException? taken = Assert.Throws<InvalidOperationException>(
            () => UtilityRegistry().AddCommand(new SlashCommandDefinition("help", "Mine.", (_, _) => default)));

        Assert.That(unloaded.Content, Does.Contain("`/help`").And.Not.Contain("`/ping`"));
        Assert.That(_table.CommandRoutes.Where(r => r.Key == "help").Select(r => r.Owner), Is.EqualTo(new[] { ICommandCatalog.HostOwner }));
        Assert.That(taken!.Message, Does.Contain("help"), "no cog can declare a second /help");
    }

    [Test]
    public async Task Registration_StartAndStop_AddsOnlySlashHelpUnderHost_AndRemovesIt()
    {
        HelpSlashCommandRegistration registration = CreateRegistration();

        await registration.StartAsync(CancellationToken.None);
        Assert.That(_table.CommandRoutes.Select(r => (r.Owner, r.Key)), Is.EqualTo(new[] { (ICommandCatalog.HostOwner, "help") }));
        Assert.That(_table.Commands.Single().OwnerOnly, Is.False);
        Assert.That(_catalog.Commands, Is.Empty, "!help is the command framework's own");
        await registration.StopAsync(CancellationToken.None);

        Assert.That(_table.Routes, Is.Empty);
    }

    [Test]
    public void Format_TooManyCommands_StopsWithinOneMessage_KeepingThePrefixLine()
    {
        SlashCommandInfo[] commands = [.. Enumerable.Range(0, 100).Select(i => new SlashCommandInfo($"c{i:D2}", new string('x', 90), $"/c{i:D2}", OwnerOnly: false))];

        string text = HelpSlashCommand.Format(commands, "!", callerIsOwner: false);

        Assert.That(text.Length, Is.LessThanOrEqualTo(2000));
        Assert.That(text, Does.EndWith("\n…\nPrefix commands: `!help`"));
    }

    private sealed class UtilityOffIn(ulong guildId) : ICogGuildSwitch
    {
        public bool IsEnabled(string cogName, ulong guild) => !(guild == guildId && cogName == "Utility");
    }
}
