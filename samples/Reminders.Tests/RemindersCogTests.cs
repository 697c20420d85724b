using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using Microsoft.Extensions.Logging;

namespace AndyAI.Samples.Reminders.Tests;

/// <summary>
/// The Reminders sample against AndyAI.Testing's fakes, as a cog author would test it: the loop runs on the context's
/// fake clock, so "ten minutes later" is a clock step, not a wait.
/// </summary>
public sealed class RemindersCogTests
{
    private const ulong Alice = 1001;
    private const ulong Channel = 2;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    private readonly List<FakeCogContext> _contexts = [];
    private readonly List<RemindersCog> _cogs = [];

    [TearDown]
    public async Task TearDown()
    {
        foreach (RemindersCog cog in _cogs)
        {
            await cog.DisposeAsync();
        }

        foreach (FakeCogContext context in _contexts)
        {
            context.Dispose();
        }
    }

    private async Task<(RemindersCog Cog, FakeCogContext Context)> StartAsync(FakeCogContext? sharingStorageWith = null)
    {
        var context = new FakeCogContext();
        _contexts.Add(context);
        if (sharingStorageWith is not null)
        {
            context.Storage = sharingStorageWith.Storage;
            context.Clock.SetUtcNow(sharingStorageWith.Clock.GetUtcNow());
        }

        var cog = new RemindersCog();
        _cogs.Add(cog);
        await cog.StartAsync(context, CancellationToken.None);
        return (cog, context);
    }

    private static async Task<string> RemindAsync(FakeCogContext context, string delay, string what, ulong messageId = 500, ulong user = Alice)
    {
        var command = new FakeCommandContext(new Dictionary<string, object?> { ["in"] = delay, ["what"] = what })
        {
            Message = new DiscordMessage { Id = messageId, ChannelId = Channel, GuildId = 1, Author = new DiscordUser(user, "alice", false), Content = $"!remind {delay} {what}" },
        };
        await context.FakeCommands["remind"].Handler(command, CancellationToken.None);
        return command.Replies.Single();
    }

    private static async Task<string> PrefixAsync(FakeCogContext context, string name, Dictionary<string, object?>? arguments = null)
    {
        var command = new FakeCommandContext(arguments ?? []);
        await context.FakeCommands[name].Handler(command, CancellationToken.None);
        return command.Replies.Single();
    }

    /// <summary>Moves every clock in step (contexts that share one database must agree on the time).</summary>
    private static async Task AdvanceAllUntilAsync(Func<bool> condition, params FakeCogContext[] contexts)
    {
        using var guard = new CancellationTokenSource(FakeTimeProviderExtensions.DefaultHangGuard);
        while (!condition())
        {
            guard.Token.ThrowIfCancellationRequested();
            foreach (FakeCogContext context in contexts)
            {
                context.Clock.Advance(Step);
            }

            await Task.Delay(1, guard.Token);
        }
    }

    [Test]
    public async Task Remind_PostsWhenDue_PingingOnlyItsOwner_AsAReplyToTheCommand()
    {
        (_, FakeCogContext context) = await StartAsync();
        DateTimeOffset due = context.Clock.GetUtcNow() + TimeSpan.FromMinutes(10);

        string reply = await RemindAsync(context, "10m", "stretch your legs");
        await context.Clock.AdvanceUntilAsync(() => context.Bot.Sent.Count > 0, Step);

        SentMessage posted = context.Bot.Sent.Single();
        Assert.Multiple(() =>
        {
            Assert.That(reply, Does.StartWith("⏰ I'll remind you in 10 minutes (<t:"));
            Assert.That(posted.At, Is.GreaterThanOrEqualTo(due), "not before it is due");
            Assert.That(posted.ChannelId, Is.EqualTo(Channel));
            Assert.That(posted.Content, Does.StartWith($"<@{Alice}> ⏰ stretch your legs\n-# set 10 minutes ago"));
            Assert.That(posted.Message.MentionUsers, Is.EqualTo(new[] { Alice }), "pings its owner and nobody else");
            Assert.That(posted.ReplyToMessageId, Is.EqualTo(500));
        });
    }

    [Test]
    public async Task Reload_TheNextInstancePostsWhatTheLastOneStored_Once()
    {
        (RemindersCog first, FakeCogContext before) = await StartAsync();
        await RemindAsync(before, "10m", "water the plants");
        before.SignalUnloading();
        await first.StopAsync(CancellationToken.None).AsTask().WaitAsync(FakeTimeProviderExtensions.DefaultHangGuard);

        (_, FakeCogContext after) = await StartAsync(sharingStorageWith: before);
        await AdvanceAllUntilAsync(() => after.Bot.Sent.Count > 0, before, after);
        after.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.That(after.Bot.SentContents, Has.Exactly(1).StartWith($"<@{Alice}> ⏰ water the plants"));
        Assert.That(before.Bot.Sent, Is.Empty, "the stopped instance posts nothing");
    }

    [Test]
    public async Task TwoInstancesSideBySide_AsDuringAReload_PostEachReminderOnce()
    {
        (_, FakeCogContext old) = await StartAsync();
        (_, FakeCogContext next) = await StartAsync(sharingStorageWith: old);
        for (int i = 0; i < 10; i++)
        {
            await RemindAsync(i % 2 == 0 ? old : next, $"{1 + i}m", $"reminder {i}", messageId: 500 + (ulong)i);
        }

        await AdvanceAllUntilAsync(() => old.Bot.Sent.Count + next.Bot.Sent.Count >= 10, old, next);
        old.Clock.Advance(TimeSpan.FromMinutes(5));
        next.Clock.Advance(TimeSpan.FromMinutes(5));

        IEnumerable<string> posted = old.Bot.SentContents.Concat(next.Bot.SentContents).Select(c => c.Split('\n')[0]);
        Assert.That(posted, Is.EquivalentTo(Enumerable.Range(0, 10).Select(i => $"<@{Alice}> ⏰ reminder {i}")), "each once, by whichever instance took it");
    }

    [Test]
    public async Task Unloading_StopsTheLoop_SoAnUnloadedCogPostsNothing()
    {
        (RemindersCog cog, FakeCogContext context) = await StartAsync();
        await RemindAsync(context, "1m", "never from this instance");

        context.SignalUnloading();
        await cog.StopAsync(CancellationToken.None).AsTask().WaitAsync(FakeTimeProviderExtensions.DefaultHangGuard);
        context.Clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);

        Assert.That(context.Bot.Sent, Is.Empty);
        Assert.That(await context.FakeStorage.ListKeysAsync("due:"), Has.Count.EqualTo(1), "still stored for the next instance");
    }

    [Test]
    public async Task DueWhileTheBotWasOffline_IsPostedAtStart_SayingHowLate()
    {
        (RemindersCog first, FakeCogContext before) = await StartAsync();
        await RemindAsync(before, "10m", "call mum");
        before.SignalUnloading();
        await first.StopAsync(CancellationToken.None);
        before.Clock.Advance(TimeSpan.FromHours(2));

        (_, FakeCogContext after) = await StartAsync(sharingStorageWith: before);
        await after.Clock.AdvanceUntilAsync(() => after.Bot.Sent.Count > 0, Step);

        Assert.That(after.Bot.Sent.Single().Content, Does.Match(@"set 2 hours(, \d+ seconds)? ago, 1 hour, 50 minutes late: I was offline$"), "seconds only as far as the loop's first look took");
    }

    [TestCase("soon", "I could not read `soon` as a delay")]
    [TestCase("5s", "That is too soon: at least 10 seconds.")]
    [TestCase("400d", "That is too far away: at most 365 days.")]
    [TestCase("99999999999m", "is too long a delay")]
    public async Task Remind_ADelayItCannotUse_SaysWhyAndStoresNothing(string delay, string expected)
    {
        (_, FakeCogContext context) = await StartAsync();

        string reply = await RemindAsync(context, delay, "anything");

        Assert.That(reply, Does.Contain(expected));
        Assert.That(await context.FakeStorage.ListKeysAsync(""), Is.Empty);
    }

    [Test]
    public async Task Remind_TextTooLong_IsRefused()
    {
        (_, FakeCogContext context) = await StartAsync();

        string reply = await RemindAsync(context, "10m", new string('x', RemindersCog.MaxTextLength + 1));

        Assert.That(reply, Is.EqualTo($"Tell me what to remind you of, in 1 to {RemindersCog.MaxTextLength} characters."));
    }

    [Test]
    public async Task Remind_PastTheLimitPerUser_IsRefused_OthersStillMayAdd()
    {
        (_, FakeCogContext context) = await StartAsync();
        for (int i = 0; i < ReminderBook.MaxPerUser; i++)
        {
            Assert.That(await RemindAsync(context, "1h", $"r{i}"), Does.StartWith("⏰"));
        }

        Assert.That(await RemindAsync(context, "1h", "one too many"), Does.StartWith($"You already have {ReminderBook.MaxPerUser} reminders pending"));
        Assert.That(await RemindAsync(context, "1h", "bob's", user: 2002), Does.StartWith("⏰"));
    }

    [Test]
    public async Task ListAndCancel_ShowOnlyYours_AndACancelledOneNeverFires()
    {
        (_, FakeCogContext context) = await StartAsync();
        await RemindAsync(context, "2h", "later one");
        await RemindAsync(context, "1h", "sooner one");
        await RemindAsync(context, "1h", "bob's own", user: 2002);
        string id = (await context.FakeStorage.ListKeysAsync($"user:{Alice}:"))[0].Split(':')[2];

        string list = await ListFor(context, Alice);
        string cancelled = await CancelFor(context, Alice, id.ToUpperInvariant());
        string again = await CancelFor(context, Alice, id);
        string bobCannot = await CancelFor(context, 2002, (await context.FakeStorage.ListKeysAsync($"user:{Alice}:"))[0].Split(':')[2]);
        await context.Clock.AdvanceUntilAsync(() => context.Bot.Sent.Count >= 2, Step);
        context.Clock.Advance(TimeSpan.FromHours(3));

        Assert.Multiple(() =>
        {
            Assert.That(list, Does.StartWith("Your reminders (2):\n"));
            Assert.That(list.IndexOf("sooner one", StringComparison.Ordinal), Is.LessThan(list.IndexOf("later one", StringComparison.Ordinal)), "soonest first");
            Assert.That(list, Does.Not.Contain("bob's own"));
            Assert.That(cancelled, Is.EqualTo($"Cancelled reminder `{id}`."));
            Assert.That(again, Does.StartWith($"You have no pending reminder `{id}`"));
            Assert.That(bobCannot, Does.StartWith("You have no pending reminder"));
            Assert.That(context.Bot.Sent, Has.Count.EqualTo(2), "the cancelled one never fires");
        });
    }

    [TestCase("")]
    [TestCase("../../etc")]
    [TestCase("an-id-far-too-long-to-be-one")]
    public async Task Cancel_AnIdThatCannotBeOne_SaysSo(string id)
    {
        (_, FakeCogContext context) = await StartAsync();

        Assert.That(await CancelFor(context, Alice, id), Does.StartWith("You have no pending reminder"));
    }

    [Test]
    public async Task DatabaseUnavailable_SetSaysSo_TheLoopPausesOnce_AndResumesWhenItIsBack()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.FakeStorage.IsAvailable = false;

        string refused = await RemindAsync(context, "10m", "lost?");
        await context.Clock.AdvanceUntilAsync(() => context.Log.Entries.Any(e => e.Message.StartsWith("Reminders are paused", StringComparison.Ordinal)), Step);
        context.Clock.Advance(TimeSpan.FromMinutes(5));
        context.FakeStorage.IsAvailable = true;
        string accepted = await RemindAsync(context, "1m", "back again");
        await context.Clock.AdvanceUntilAsync(() => context.Bot.Sent.Count > 0, Step);

        Assert.Multiple(() =>
        {
            Assert.That(refused, Does.StartWith("I cannot store reminders right now"));
            Assert.That(accepted, Does.StartWith("⏰"));
            Assert.That(context.Log.Entries.Count(e => e.Message.StartsWith("Reminders are paused", StringComparison.Ordinal)), Is.EqualTo(1), "said once");
            Assert.That(context.Log.Entries.Any(e => e.Message == "Reminders resumed: the database is back"));
            Assert.That(context.Bot.Sent.Single().Content, Does.StartWith($"<@{Alice}> ⏰ back again"));
        });
    }

    [Test]
    public async Task PostThatFails_IsTriedAgainAMinuteLater_NotLost()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.Bot.SendFailure = new HttpRequestException("connection refused");
        await RemindAsync(context, "1m", "try, try again");

        await context.Clock.AdvanceUntilAsync(() => context.Log.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("attempt 1", StringComparison.Ordinal)), Step);
        context.Bot.SendFailure = null;
        await context.Clock.AdvanceUntilAsync(() => context.Bot.Sent.Count > 0, Step);

        Assert.That(context.Bot.Sent.Single().Content, Does.StartWith($"<@{Alice}> ⏰ try, try again"));
        Assert.That(context.Log.Entries.Single(e => e.Level == LogLevel.Warning).Message, Does.EndWith("trying again in 1 min"));
    }

    [Test]
    public async Task PostToAChannelThatIsGone_IsDropped_WithAWarning()
    {
        (_, FakeCogContext context) = await StartAsync();
        context.Bot.SendFailure = new DiscordApiException(404, 10003, "Unknown Channel");
        await RemindAsync(context, "1m", "into the void");

        await context.Clock.AdvanceUntilAsync(() => context.Log.Entries.Any(e => e.Level == LogLevel.Warning), Step);
        context.Bot.SendFailure = null;
        context.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.That(context.Log.Entries.Single(e => e.Level == LogLevel.Warning).Message, Does.EndWith("dropped: the channel is gone or closed to the bot"));
        Assert.That(await context.FakeStorage.ListKeysAsync(""), Is.Empty);
    }

    [Test]
    public async Task SlashRemind_ConfirmsPublicly_RefusesPrivately_AndCancelAutocompletesYourReminders()
    {
        (_, FakeCogContext context) = await StartAsync();
        var set = new FakeInteractionContext { CommandName = "remind", User = new DiscordUser(Alice, "alice", false), ChannelId = Channel };
        set.Options["in"] = "1h30m";
        set.Options["what"] = "standup";
        var bad = new FakeInteractionContext { CommandName = "remind", User = new DiscordUser(Alice, "alice", false), ChannelId = Channel };
        bad.Options["in"] = "whenever";
        bad.Options["what"] = "x";

        await context.FakeInteractions["remind"].Handler(set, CancellationToken.None);
        await context.FakeInteractions["remind"].Handler(bad, CancellationToken.None);
        SlashCommandOption id = context.FakeInteractions["reminders"].Subcommands.Single(s => s.Name == "cancel").Options.Single();
        IReadOnlyList<SlashChoice> suggested = await id.Autocomplete!(new Typing("stand", Alice), CancellationToken.None);
        IReadOnlyList<SlashChoice> forBob = await id.Autocomplete!(new Typing("", 2002), CancellationToken.None);
        var cancel = new FakeInteractionContext { CommandName = "reminders", Subcommand = "cancel", User = new DiscordUser(Alice, "alice", false) };
        cancel.Options["id"] = (string)suggested.Single().Value;
        await context.FakeInteractions["reminders"].Handler(cancel, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(set.Replies.Single().Reply.Content, Does.StartWith("⏰ I'll remind you in 1 hour, 30 minutes"));
            Assert.That(set.Replies.Single().Reply.Ephemeral, Is.False);
            Assert.That(bad.Replies.Single().Reply.Ephemeral, Is.True);
            Assert.That(suggested.Single().Name, Does.EndWith("· 1 hour · standup"));
            Assert.That(forBob, Is.Empty);
            Assert.That(cancel.Replies.Single().Reply.Content, Does.StartWith("Cancelled reminder"));
            Assert.That(cancel.Replies.Single().Reply.Ephemeral, Is.True);
        });
    }

    [TestCase("90s", 90)]
    [TestCase("10m", 600)]
    [TestCase("1h30m", 5400)]
    [TestCase("1H 30M", 5400)]
    [TestCase("2d", 172800)]
    [TestCase("1w", 604800)]
    public void Delay_ReadsWhatPeopleType(string text, int seconds)
    {
        Assert.That(ReminderDelay.TryParse(text, out TimeSpan delay, out string problem), Is.True, problem);
        Assert.That(delay, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    private static async Task<string> ListFor(FakeCogContext context, ulong user)
    {
        var command = new FakeCommandContext { Message = new DiscordMessage { Id = 9, ChannelId = Channel, Author = new DiscordUser(user, "u", false) } };
        await context.FakeCommands["reminders"].Handler(command, CancellationToken.None);
        return command.Replies.Single();
    }

    private static async Task<string> CancelFor(FakeCogContext context, ulong user, string id)
    {
        var command = new FakeCommandContext(new Dictionary<string, object?> { ["id"] = id })
        {
            Message = new DiscordMessage { Id = 9, ChannelId = Channel, Author = new DiscordUser(user, "u", false) },
        };
        await context.FakeCommands["unremind"].Handler(command, CancellationToken.None);
        return command.Replies.Single();
    }

    private sealed record Typing(string Text, ulong UserId) : IAutocompleteContext
    {
        public string CommandName => "reminders";

        public string? Subcommand => "cancel";

        public string OptionName => "id";

        public DiscordUser User => new(UserId, "someone", false);

        public ulong? GuildId => 1;
    }
}
