using AndyAI.Abstractions.Commands;
using AndyAI.Commands;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Interactions;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Host.Tests.Admin;

public sealed class AdminCommandsTests
{
    private static readonly TimeSpan Ms84 = TimeSpan.FromMilliseconds(84.2);

    [Test]
    public void Format_Reloaded_SaysReloadedInMilliseconds()
    {
        string line = AdminReplies.Format(new CogOutcome("MessageHandler", CogOutcomeKind.Reloaded, Ms84, Version: "1.0.1"), AdminReplies.Operation.Reload);

        Assert.That(line, Is.EqualTo("MessageHandler: reloaded in 84 ms"));
    }

    [Test]
    public void Format_ReloadFailedWithOldVersionRunning_SaysWhichVersionKeepsRunningOnce()
    {
        // The supervisor's detail of a failed reload ends with the version that keeps running.
        var outcome = new CogOutcome("Foo", CogOutcomeKind.Failed, Ms84, "TypeLoadException: Could not load type 'Bar'; 1.0.0 keeps running", Version: "1.0.0");

        string line = AdminReplies.Format(outcome, AdminReplies.Operation.Reload);

        Assert.That(line, Is.EqualTo("Foo: failed (TypeLoadException: Could not load type 'Bar'; 1.0.0 keeps running)"),
            "not '…; 1.0.0 keeps running); previous version kept'");
    }

    [Test]
    public void Format_ReloadFailedWithNothingRunning_DoesNotClaimAPreviousVersion()
    {
        string line = AdminReplies.Format(new CogOutcome("Foo", CogOutcomeKind.Failed, Ms84, "InvalidOperationException: boom"), AdminReplies.Operation.Reload);

        Assert.That(line, Is.EqualTo("Foo: failed (InvalidOperationException: boom)"));
    }

    [Test]
    public void Format_UnloadLeaked_AdvisesARestart()
    {
        string line = AdminReplies.Format(new CogOutcome("Bar", CogOutcomeKind.Leaked, Ms84, "still referenced"), AdminReplies.Operation.Unload);

        Assert.That(line, Is.EqualTo("Bar: unloaded, but its code is still referenced (leaked) — restart advised"));
    }

    [Test]
    public void Format_ReloadLeakedOldVersion_SaysBothThings()
    {
        string line = AdminReplies.Format(new CogOutcome("Bar", CogOutcomeKind.Leaked, Ms84, Version: "2.0.0"), AdminReplies.Operation.Reload);

        Assert.That(line, Is.EqualTo("Bar: reloaded in 84 ms, but the old version is still referenced (leaked) — restart advised"));
    }

    [TestCase("Loaded", "Load", "Foo: loaded in 84 ms")]
    [TestCase("Unloaded", "Unload", "Foo: unloaded in 84 ms")]
    [TestCase("Unchanged", "Reload", "Foo: unchanged (same build and settings)")]
    [TestCase("Unchanged", "Load", "Foo: already loaded")]
    [TestCase("Disabled", "Load", "Foo: disabled in plugins.json; not loaded")]
    public void Format_OtherOutcomes_ReadNaturally(string kind, string operation, string expected)
    {
        var outcome = new CogOutcome("Foo", Enum.Parse<CogOutcomeKind>(kind), Ms84);

        Assert.That(AdminReplies.Format(outcome, Enum.Parse<AdminReplies.Operation>(operation)), Is.EqualTo(expected));
    }

    [Test]
    public void Format_MultiLineDetail_StaysOnOneLine()
    {
        string line = AdminReplies.Format(new CogOutcome("Foo", CogOutcomeKind.Failed, Ms84, "first\nsecond"), AdminReplies.Operation.Load);

        Assert.That(line, Is.EqualTo("Foo: failed (first second)"));
    }

    [Test]
    public void FormatCogs_Statuses_ListEveryField()
    {
        var cogs = new List<CogStatus>
        {
            new("MessageHandler", "MessageHandler", CogState.Running, "1.2.0", new DateTimeOffset(2026, 11, 26, 11, 2, 3, TimeSpan.Zero), null, 3, "HttpRequestException: refused"),
            new("Foo", "Foo", CogState.Failed, null, null, "TypeLoadException: nope", 0, null),
            new("Dice", "Dice", CogState.Running, "2.0.0", new DateTimeOffset(2026, 11, 26, 11, 2, 4, TimeSpan.Zero), null, 0, null, Retiring: 1,
                Manifest: new AndyAI.Host.Cogs.Loading.CogManifest("Dice", "2.0.0", "1.1", "Rolls dice.", "Ann", "https://example.invalid/dice")),
        };

        string text = AdminReplies.FormatCogs(cogs, "/srv/bot/run/plugins");

        Assert.That(text, Is.EqualTo(
            "3 cogs:\n" +
            "MessageHandler 1.2.0: running, loaded 2026-11-26 11:02:03 UTC, 3 handler errors (last: HttpRequestException: refused)\n" +
            "Foo: failed, 0 handler errors, last error: TypeLoadException: nope\n" +
            "Dice 2.0.0: running, loaded 2026-11-26 11:02:04 UTC, 0 handler errors — Rolls dice. (by Ann) <https://example.invalid/dice>, contract 1.1, 1 retired instance still finishing its work"));
    }

    [Test]
    public void FormatCogs_NoCogs_NamesTheFolderTheyAreLookedFor()
    {
        // pluginsDirectory may be anywhere; the reply used to say run/plugins/ whatever it was.
        Assert.That(AdminReplies.FormatCogs([], "/srv/bot/cogs"), Is.EqualTo("No cogs found in /srv/bot/cogs."));
    }

    [Test]
    public async Task Reload_NoNames_ReloadsAllAndRepliesOneLinePerCog()
    {
        var supervisor = new FakeCogSupervisor();
        supervisor.Outcomes["MessageHandler"] = new CogOutcome("MessageHandler", CogOutcomeKind.Reloaded, Ms84, Version: "1.0.1");
        supervisor.Outcomes["Utility"] = new CogOutcome("Utility", CogOutcomeKind.Unchanged, TimeSpan.FromMilliseconds(1), Version: "1.0.0");
        var context = new FakeCommandContext(new Dictionary<string, object?> { ["cogs"] = "" }) { CallerIsOwner = true, InvokedAs = "reload" };

        await CreateSut(supervisor).ReloadAsync(context, CancellationToken.None);

        Assert.That(supervisor.Calls, Is.EqualTo(new[] { "reload all" }));
        Assert.That(context.Replies.Single(), Is.EqualTo("MessageHandler: reloaded in 84 ms\nUtility: unchanged (same build and settings)"));
    }

    [Test]
    public async Task Reload_Names_ReloadsEachOnceInOrder()
    {
        var supervisor = new FakeCogSupervisor();
        var context = new FakeCommandContext(new Dictionary<string, object?> { ["cogs"] = "Utility, MessageHandler utility" }) { CallerIsOwner = true, InvokedAs = "reload" };

        await CreateSut(supervisor).ReloadAsync(context, CancellationToken.None);

        Assert.That(supervisor.Calls, Is.EqualTo(new[] { "reload Utility", "reload MessageHandler" }));
    }

    [Test]
    public async Task Load_UnknownCog_RepliesWithTheSupervisorsReason()
    {
        var supervisor = new FakeCogSupervisor();
        var context = new FakeCommandContext(new Dictionary<string, object?> { ["cog"] = "Nope" }) { CallerIsOwner = true, InvokedAs = "reload" };

        await CreateSut(supervisor).LoadAsync(context, CancellationToken.None);

        Assert.That(context.Replies.Single(), Is.EqualTo("Nope: failed (no such cog)"));
    }

    [Test]
    public void CreateDefinitions_Always_AreOwnerOnlyAndNamedAsDocumented()
    {
        IReadOnlyList<CommandDefinition> definitions = CreateSut(new FakeCogSupervisor()).CreateDefinitions();

        Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "reload", "load", "unload", "cogs" }));
        Assert.That(definitions.All(d => d.OwnerOnly), Is.True);
    }

    [Test]
    public async Task Registration_StartAndStop_AddsUnderHostAndRemovesOnlyItsOwn()
    {
        var catalog = new FakeCommandCatalog();
        var help = new CommandDefinition("help", "help", (_, _) => default);
        catalog.Add(ICommandCatalog.HostOwner, help);
        var table = new InteractionTable();
        var registration = CreateRegistration(catalog, table);

        await registration.StartAsync(CancellationToken.None);
        Assert.That(catalog.NamesOf(ICommandCatalog.HostOwner), Is.EquivalentTo(new[] { "help", "reload", "load", "unload", "cogs" }));
        Assert.That(table.Commands.Select(c => c.Name), Is.EqualTo(new[] { "cogs", "load", "reload", "unload" }));
        await registration.StopAsync(CancellationToken.None);

        Assert.That(catalog.NamesOf(ICommandCatalog.HostOwner), Is.EqualTo(new[] { "help" }));
        Assert.That(table.Routes, Is.Empty);
    }

    [Test]
    public void Registration_CogAlreadyOwnsReload_FailsTheStart()
    {
        var catalog = new FakeCommandCatalog();
        catalog.Add("Rogue", new CommandDefinition("reload", "mine", (_, _) => default));
        var registration = CreateRegistration(catalog, new InteractionTable());

        Assert.That(() => registration.StartAsync(CancellationToken.None), Throws.InvalidOperationException.With.Message.Contains("Rogue"));
    }

    private static AdminCommands CreateSut(ICogSupervisor supervisor) => new(supervisor, NullLogger<AdminCommands>.Instance);

    private static AdminCommandsRegistration CreateRegistration(FakeCommandCatalog catalog, InteractionTable table) =>
        new(catalog, CreateSut(new FakeCogSupervisor()), table, new AdminSlashCommands(new FakeCogSupervisor(), NullLogger<AdminSlashCommands>.Instance), NullLogger<AdminCommandsRegistration>.Instance);
}
