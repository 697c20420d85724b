using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Settings;
using AndyAI.Cogs.MessageHandler.Tests.Fakes;

namespace AndyAI.Cogs.MessageHandler.Tests;

/// <summary><c>/mydata export</c> and <c>/mydata delete</c> on the kit's memory.</summary>
public sealed class MyDataTests : RunningCogFixture
{
    private async Task<FakeCogContext> CreateSutAsync()
    {
        (_, FakeCogContext context) = await StartCogAsync();
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> alice asks in a guild"));
        await context.Bot.DeliverAsync(TestMessages.Direct("alice asks in private"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> bob asks", author: Ids.Bob));
        return context;
    }

    private static FakeInteractionContext MyData(string subcommand, ulong user = Ids.Alice) =>
        new() { CommandName = "mydata", Subcommand = subcommand, User = new DiscordUser(user, "user", false) };

    [Test]
    public async Task Export_SendsExactlyTheCallersTurns_AsAPrivateJsonFile()
    {
        FakeCogContext context = await CreateSutAsync();
        FakeInteractionContext interaction = MyData("export");

        await context.FakeInteractions["mydata"].Handler(interaction, CancellationToken.None);

        InteractionReply reply = interaction.Replies.Single().Reply;
        Assert.That(reply.Ephemeral, Is.True);
        Assert.That(reply.Content, Does.Contain("2 exchanges"));
        InteractionFile file = reply.Files!.Single();
        Assert.That(file.FileName, Is.EqualTo("andyai-mydata.json"));
        using var json = System.Text.Json.JsonDocument.Parse(file.Content);
        Assert.That(json.RootElement.GetProperty("userId").GetString(), Is.EqualTo(Ids.Alice.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(json.RootElement.GetProperty("conversationTurns").EnumerateArray().Select(t => t.GetProperty("question").GetString()),
            Is.EqualTo(new[] { "alice asks in a guild", "alice asks in private" }));
        Assert.That(System.Text.Encoding.UTF8.GetString(file.Content.Span), Does.Not.Contain("bob asks"));
    }

    [Test]
    public async Task Export_IsReadable_IndentedWithTextAsWritten()
    {
        (_, FakeCogContext context) = await StartCogAsync();
        await context.Bot.DeliverAsync(TestMessages.Direct("what's “déjà vu” <in> Japanese?"));
        FakeInteractionContext interaction = MyData("export");

        await context.FakeInteractions["mydata"].Handler(interaction, CancellationToken.None);

        string text = System.Text.Encoding.UTF8.GetString(interaction.Replies.Single().Reply.Files!.Single().Content.Span);
        Assert.That(text, Does.StartWith("{\n  \"userId\": "), "one field a line, for the person reading their data");
        Assert.That(text, Does.Contain("\"question\": \"what's “déjà vu” <in> Japanese?\""), "not \\u0027, \\u201C…");
    }

    [Test]
    public async Task Export_WithSettingsAndUsageButNoTurns_DoesNotSayNothingIsStored()
    {
        (_, FakeCogContext context) = await StartCogAsync();
        context.FakeSettings.Accounts[Ids.Alice] = new UserAccountData(
            EffectiveSettings.Default with { Language = "French" },
            [new UsageDay(new DateOnly(2026, 12, 7), null, "gpt-4o-mini", 1, 10, 20)]);
        FakeInteractionContext export = MyData("export");

        await context.FakeInteractions["mydata"].Handler(export, CancellationToken.None);

        Assert.That(export.Replies.Single().Reply.Content, Is.EqualTo("Everything I store about you: your settings, your token usage. `/mydata delete` deletes it."));
    }

    [Test]
    public async Task Delete_LeavesNothingOfTheCaller_AndKeepsOthers()
    {
        FakeCogContext context = await CreateSutAsync();
        FakeInteractionContext delete = MyData("delete");

        await context.FakeInteractions["mydata"].Handler(delete, CancellationToken.None);
        FakeInteractionContext export = MyData("export");
        await context.FakeInteractions["mydata"].Handler(export, CancellationToken.None);

        Assert.That(delete.Replies.Single().Reply.Content, Is.EqualTo("Deleted 2 exchanges. I store nothing about you now."));
        Assert.That(context.FakeMemory.Turns.Select(t => t.UserId), Is.EqualTo(new[] { Ids.Bob }));
        Assert.That(export.Replies.Single().Reply.Content, Does.StartWith("I store nothing about you"));
    }

    [Test]
    public async Task Delete_AlsoDeletesWhatTheCallersAskButtonsKeep_AndTheirButtonsExpire()
    {
        (_, FakeCogContext context) = await StartCogAsync();
        var secret = new FakeInteractionContext { CommandName = "ask", Id = 601, GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        secret.Options["prompt"] = "my secret diagnosis is XYZZY";
        secret.Options["private"] = true;
        var bobs = new FakeInteractionContext { CommandName = "ask", Id = 602, GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Bob, "bob", false) };
        bobs.Options["prompt"] = "bob's question";
        await context.FakeInteractions["ask"].Handler(secret, CancellationToken.None);
        await context.FakeInteractions["ask"].Handler(bobs, CancellationToken.None);
        string regenerate = secret.Replies[^1].Reply.Components!.Single().CustomId!;

        await context.FakeInteractions["mydata"].Handler(MyData("delete"), CancellationToken.None);
        var pressed = new FakeInteractionContext { CustomId = regenerate, GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        await context.FakeInteractions.ComponentHandlers[AskCommand.ButtonPrefix](pressed, CancellationToken.None);

        IReadOnlyList<string> kept = await context.FakeStorage.ListKeysAsync("ask:");
        Assert.That(kept.Select(k => context.FakeStorage.RawJson(k)), Has.None.Contains("XYZZY"));
        Assert.That(kept, Has.Count.EqualTo(1), "bob's answer keeps its buttons");
        Assert.That(pressed.Replies.Single().Reply, Is.EqualTo(InteractionReply.Private(UserMessages.ButtonExpired)));
    }

    [Test]
    public async Task WhileTheDatabaseIsDown_SaysSo_WithoutAFile()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeMemory.IsAvailable = false;
        FakeInteractionContext export = MyData("export");

        await context.FakeInteractions["mydata"].Handler(export, CancellationToken.None);

        Assert.That(export.Replies.Single().Reply.Content, Does.Contain("unavailable"));
        Assert.That(export.Replies.Single().Reply.Files, Is.Null);
    }
}
