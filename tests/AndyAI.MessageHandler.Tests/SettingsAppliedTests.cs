using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Settings;
using AndyAI.Cogs.MessageHandler.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler.Tests;

/// <summary>What the guild's and user's settings (<c>/settings</c>, <c>/model</c>) change about answers, and how fallback and quota results read.</summary>
public sealed class SettingsAppliedTests : RunningCogFixture
{
    private async Task<FakeCogContext> CreateSutAsync(string settings = """{ "systemPrompt": "Be kind.", "streaming": false }""") =>
        (await StartCogAsync(settings)).Context;

    [Test]
    public async Task Request_CarriesTheAsker_TheUsersModelOverTheGuilds_AndTheComposedPrompt()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeSettings.ForGuild(Ids.Guild, new EffectiveSettings { Model = "smart", PersonaName = "Andy" });
        context.FakeSettings.ForUser(Ids.Alice, new EffectiveSettings { Model = "fast", Language = "French", PersonaLine = "Answer like a pirate." });

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> hello"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> hello", author: Ids.Bob));

        LlmRequest[] requests = [.. context.FakeLlm.Requests];
        Assert.That((requests[0].UserId, requests[0].GuildId, requests[0].Model), Is.EqualTo(((ulong?)Ids.Alice, (ulong?)Ids.Guild, "fast")));
        Assert.That(requests[0].SystemPrompt, Is.EqualTo("Be kind.\nYour name here is Andy.\nAnswer in French unless asked otherwise.\nAnswer like a pirate."));
        Assert.That((requests[1].Model, requests[1].SystemPrompt), Is.EqualTo(("smart", "Be kind.\nYour name here is Andy.")));
    }

    [Test]
    public async Task MemberWithoutAnAiRole_IsRefused_WithoutAskingTheModel()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeSettings.ForGuild(Ids.Guild, new EffectiveSettings { AiRoleIds = [777] });

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> may I?"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> please?"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> and I?", author: Ids.Bob) with { MemberRoleIds = [777] });
        context.Clock.Advance(MentionResponder.AccessNoticeWindow);
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> now?"));

        Assert.That(context.Bot.SentContents, Is.EqualTo(new[] { UserMessages.NoAccess, "Answer to: and I?", UserMessages.NoAccess }), "one refusal per window");
        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ChannelOutsideTheGuildsAllowedOnes_GetsSilence()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeSettings.ForGuild(Ids.Guild, new EffectiveSettings { AllowedChannelIds = [Ids.Channel + 1] });

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> here?"));
        await context.Bot.DeliverAsync(TestMessages.Direct("in private?"));

        Assert.That(context.Bot.SentContents, Is.EqualTo(new[] { "Answer to: in private?" }), "DMs are not a guild's channel");
    }

    [Test]
    public async Task ThreadOfAGuildsAllowedChannel_IsAnswered()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeSettings.ForGuild(Ids.Guild, new EffectiveSettings { AllowedChannelIds = [Ids.Channel] });

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> in its thread", channel: Ids.Channel + 50) with { IsInThread = true, ParentChannelId = Ids.Channel });
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> in another thread", channel: Ids.Channel + 51) with { IsInThread = true, ParentChannelId = Ids.Channel + 1 });

        Assert.That(context.Bot.SentContents, Is.EqualTo(new[] { "Answer to: in its thread" }));
    }

    [Test]
    public async Task FallbackAnswer_SaysSoOnItsLastLine()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = "Forty-two.", Model = "backup", FromFallback = true, Attempts = 1 };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> meaning of life?"));

        Assert.That(context.Bot.SentContents.Single(), Is.EqualTo("Forty-two.\n\n-# " + UserMessages.FromFallback("backup")));
        Assert.That(context.FakeMemory.Turns.Single().AnswerText, Is.EqualTo("Forty-two."), "the note is not part of the conversation");
        Assert.That(context.FakeMemory.Turns.Single().Model, Is.EqualTo("backup"));
    }

    [Test]
    public async Task FallbackAnswer_EndingInsideACodeBlock_TheNoteIsOutsideIt()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = "Here:\n```python\nprint(42)", Model = "backup", FromFallback = true, Attempts = 1 };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> code please"));

        Assert.That(context.Bot.SentContents.Single(), Is.EqualTo("Here:\n```python\nprint(42)\n```\n\n-# " + UserMessages.FromFallback("backup")));
    }

    [Test]
    public async Task OverQuota_TellsTheUserWhenItResets_AsADiscordTimestamp()
    {
        FakeCogContext context = await CreateSutAsync();
        var resets = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.QuotaExceeded, QuotaResetsAt = resets };

        await context.Bot.DeliverAsync(TestMessages.Direct("one more?"));

        Assert.That(context.Bot.SentContents.Single(), Is.EqualTo($"You've used up today's AI allowance. It resets <t:{resets.ToUnixTimeSeconds()}:R> (<t:{resets.ToUnixTimeSeconds()}:t>)."));
        Assert.That(context.Log.Entries.Where(e => e.Level >= LogLevel.Warning), Is.Empty, "a used-up quota is the quota working, not a fault");
        Assert.That(context.Log.AllText(), Does.Contain("not answered: the daily token quota is used up until"));
    }

    [Test]
    public async Task OverQuotaInAServer_DoesNotBlameTheMember_TheServersQuotaMayBeTheOneUsedUp()
    {
        FakeCogContext context = await CreateSutAsync();
        var resets = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.QuotaExceeded, QuotaResetsAt = resets };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> my first question today", author: Ids.Bob));

        Assert.That(context.Bot.SentContents.Single(), Is.EqualTo($"Today's AI allowance is used up (your own, or this server's). It resets <t:{resets.ToUnixTimeSeconds()}:R> (<t:{resets.ToUnixTimeSeconds()}:t>)."));
    }

    [Test]
    public async Task AskOutsideTheServersAiChannels_IsToldWhichChannelsTheAiAnswersIn()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeSettings.ForGuild(Ids.Guild, new EffectiveSettings { AllowedChannelIds = [Ids.Channel + 1, Ids.Channel + 2] });
        var interaction = new FakeInteractionContext { CommandName = "ask", GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        interaction.Options["prompt"] = "anyone here?";

        await context.FakeInteractions["ask"].Handler(interaction, CancellationToken.None);

        Assert.That(interaction.Replies.Single().Reply, Is.EqualTo(InteractionReply.Private($"I don't answer questions here. In this server I answer in <#{Ids.Channel + 1}>, <#{Ids.Channel + 2}>.")));
        Assert.That(context.FakeLlm.Requests, Is.Empty);
    }

    [Test]
    public async Task AskOverQuota_SaysWhenItResets_WithoutARegenerateButton()
    {
        FakeCogContext context = await CreateSutAsync();
        var resets = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.QuotaExceeded, QuotaResetsAt = resets };
        var interaction = new FakeInteractionContext { CommandName = "ask", GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        interaction.Options["prompt"] = "one more?";

        await context.FakeInteractions["ask"].Handler(interaction, CancellationToken.None);

        InteractionReply last = interaction.Replies[^1].Reply;
        Assert.That(last.Content, Does.StartWith("Today's AI allowance is used up (your own, or this server's)."));
        Assert.That(last.Components, Is.Null.Or.Empty, "pressing Regenerate would only be refused again until the quota resets");
    }

    [Test]
    public async Task Regenerate_AfterTheServerLimitedTheAiToARole_IsRefusedLikeANewQuestion()
    {
        FakeCogContext context = await CreateSutAsync();
        var asked = new FakeInteractionContext { CommandName = "ask", GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        asked.Options["prompt"] = "hi";
        await context.FakeInteractions["ask"].Handler(asked, CancellationToken.None);
        string regenerate = asked.Replies[^1].Reply.Components!.Single().CustomId!;
        int requests = context.FakeLlm.Requests.Count;

        context.FakeSettings.ForGuild(Ids.Guild, new EffectiveSettings { AiRoleIds = [777] });
        var pressed = new FakeInteractionContext { CustomId = regenerate, GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        await context.FakeInteractions.ComponentHandlers[AskCommand.ButtonPrefix](pressed, CancellationToken.None);

        Assert.That(pressed.Replies.Single().Reply, Is.EqualTo(InteractionReply.Private(UserMessages.NoAccess)));
        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(requests), "the button asks no more than a new question would");
    }

    [Test]
    public async Task PrivateAsk_IsNotRemembered_SoItIsNeverContextForAPublicAnswer()
    {
        FakeCogContext context = await CreateSutAsync();
        var secret = new FakeInteractionContext { CommandName = "ask", Id = 501, GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        secret.Options["prompt"] = "my secret diagnosis is XYZZY";
        secret.Options["private"] = true;
        var open = new FakeInteractionContext { CommandName = "ask", Id = 502, GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        open.Options["prompt"] = "what is the weather?";

        await context.FakeInteractions["ask"].Handler(secret, CancellationToken.None);
        await context.FakeInteractions["ask"].Handler(open, CancellationToken.None);

        Assert.That(context.FakeMemory.Turns.Select(t => t.UserText), Is.EqualTo(new[] { "what is the weather?" }), "only the public question is stored");
        Assert.That(context.FakeLlm.Requests.Last().Messages.Select(m => m.Text), Has.None.Contains("XYZZY"), "the public answer never saw the private question");
    }

    [Test]
    public async Task Ask_MemberWithoutAnAiRole_IsRefusedPrivately()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeSettings.ForGuild(Ids.Guild, new EffectiveSettings { AiRoleIds = [777] });
        var interaction = new FakeInteractionContext { CommandName = "ask", GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        interaction.Options["prompt"] = "hi";

        await context.FakeInteractions["ask"].Handler(interaction, CancellationToken.None);

        Assert.That(interaction.Replies.Single().Reply, Is.EqualTo(InteractionReply.Private(UserMessages.NoAccess)));
        Assert.That(context.FakeLlm.Requests, Is.Empty);
    }

    [Test]
    public async Task MyData_ExportIncludesTheUsersSettingsAndUsage_AndDeleteRemovesThem()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeSettings.Accounts[Ids.Alice] = new UserAccountData(new EffectiveSettings { Language = "German" },
            [new UsageDay(new DateOnly(2026, 12, 1), Ids.Guild, "gpt-4o-mini", 2, 30, 12)]);
        var export = new FakeInteractionContext { CommandName = "mydata", Subcommand = "export", User = new DiscordUser(Ids.Alice, "alice", false) };
        var delete = new FakeInteractionContext { CommandName = "mydata", Subcommand = "delete", User = new DiscordUser(Ids.Alice, "alice", false) };

        await context.FakeInteractions["mydata"].Handler(export, CancellationToken.None);
        await context.FakeInteractions["mydata"].Handler(delete, CancellationToken.None);

        using var json = System.Text.Json.JsonDocument.Parse(export.Replies.Single().Reply.Files!.Single().Content);
        Assert.That(json.RootElement.GetProperty("settings").GetProperty("language").GetString(), Is.EqualTo("German"));
        System.Text.Json.JsonElement usage = json.RootElement.GetProperty("tokenUsage")[0];
        Assert.That((usage.GetProperty("day").GetString(), usage.GetProperty("promptTokens").GetInt64()), Is.EqualTo(("2026-12-01", 30L)));
        Assert.That(context.FakeSettings.Accounts, Is.Empty);
    }
}
