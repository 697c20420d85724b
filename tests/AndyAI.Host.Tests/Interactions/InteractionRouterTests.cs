using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using AndyAI.Discord.Interactions;
using AndyAI.Host.Interactions;
using AndyAI.Host.Statistics;
using System.Diagnostics.Metrics;
using AndyAI.Abstractions;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Interactions;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // fresh fakes per test
public class InteractionRouterTests
{
    private const ulong Alice = 1001;
    private const ulong Owner = 42;

    private readonly FakeInteractionClient _client = new();
    private readonly InteractionTable _table = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<Exception> _errors = [];

    private InteractionRouter CreateSut(ILogger<InteractionRouter>? logger = null, IMeterFactory? meters = null) =>
        new(_client, _table, new FakeBotOwners(Owner), Options.Create(new InteractionsOptions()), _time, logger ?? NullLogger<InteractionRouter>.Instance, meters: meters);

    private void AddCommand(string name, Func<IInteractionContext, CancellationToken, ValueTask> handler, bool ownerOnly = false) =>
        _table.Add("Games", InteractionRoute.ForCommand("Games", new SlashCommandDefinition(name, "Test.", handler) { OwnerOnly = ownerOnly }, _errors.Add));

    private static DiscordInteraction Interaction(InteractionType type, string? command = null, string? customId = null, ulong user = Alice, IReadOnlyList<InteractionOption>? options = null) => new()
    {
        Id = 1,
        ApplicationId = 2,
        Type = type,
        Token = "token",
        User = new DiscordUser(user, "someone", false),
        CommandName = command,
        CustomId = customId,
        Options = options ?? [],
        GuildId = 10,
        ChannelId = 20,
    };

    [Test]
    public async Task Command_HandlerReplies_AnswersWithTheMessage()
    {
        AddCommand("roll", (c, ct) => new ValueTask(c.ReplyAsync(InteractionReply.Public("4"), ct)));
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "roll"));

        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:ChannelMessageWithSource:4" }));
    }

    [Test]
    public async Task Command_FollowUpsWithIds_AfterTheDeferIsFilled_CanBeEditedAndDeleted()
    {
        var errors = new List<string>();
        AddCommand("pages", async (c, ct) =>
        {
            try { await c.SendFollowUpAsync(InteractionReply.Public("too early"), ct); }
            catch (InvalidOperationException ex) { errors.Add(ex.Message); }
            await c.DeferAsync(cancellationToken: ct);
            try { await c.SendFollowUpAsync(InteractionReply.Public("still too early"), ct); }
            catch (InvalidOperationException ex) { errors.Add(ex.Message); }
            await c.EditOriginalAsync(InteractionReply.Public("page 1"), ct);
            ulong id = await c.SendFollowUpAsync(InteractionReply.Public("page 2"), ct);
            await c.EditFollowUpAsync(id, InteractionReply.Public("page 2, final"), ct);
            await c.DeleteFollowUpAsync(id, ct);
        });
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "pages"));

        Assert.That(errors, Is.EqualTo(new[]
        {
            "A follow-up comes after the first answer: reply or defer first.",
            "The \"thinking…\" message of the defer is still showing: replace it with EditOriginalAsync first.",
        }));
        Assert.That(_client.Calls, Is.EqualTo(new[]
        {
            "respond:DeferredChannelMessageWithSource:", "edit:page 1", "followup:page 2", "editfollowup:3:page 2, final", "deletefollowup:3",
        }));
    }

    [Test]
    public async Task Command_OptionsAndSubcommand_ReachTheHandler()
    {
        string? seen = null;
        AddCommand("dice", (c, ct) =>
        {
            seen = $"{c.Subcommand} {c.GetOption<long>("sides")} {c.GetOption<double>("bias")} {c.GetOption<string>("missing") ?? "-"} {c.CallerIsOwner}";
            return new ValueTask(c.ReplyAsync(InteractionReply.Public("ok"), ct));
        });
        using InteractionRouter router = CreateSut();
        InteractionOption[] options =
        [
            new()
            {
                Name = "roll", Type = ApplicationCommandOptionType.SubCommand,
                Options = [new() { Name = "sides", Type = ApplicationCommandOptionType.Integer, Value = 20L }, new() { Name = "bias", Type = ApplicationCommandOptionType.Number, Value = 2L }],
            },
        ];

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "dice", user: Owner, options: options));

        Assert.That(seen, Is.EqualTo("roll 20 2 - True"));
    }

    [Test]
    public async Task Command_SubcommandOfAGroup_ReachesTheHandlerWithBoth()
    {
        string? seen = null;
        AddCommand("config", (c, ct) =>
        {
            seen = $"{c.SubcommandGroup} {c.Subcommand} {c.GetOption<string>("name")}";
            return new ValueTask(c.ReplyAsync(InteractionReply.Public("ok"), ct));
        });
        using InteractionRouter router = CreateSut();
        InteractionOption[] options =
        [
            new()
            {
                Name = "set", Type = ApplicationCommandOptionType.SubCommandGroup,
                Options = [new() { Name = "model", Type = ApplicationCommandOptionType.SubCommand, Options = [new() { Name = "name", Type = ApplicationCommandOptionType.String, Value = "gpt" }] }],
            },
        ];

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "config", options: options));

        Assert.That(seen, Is.EqualTo("set model gpt"));
    }

    [Test]
    public async Task Command_HandlerThatNeverReturns_GivenUpAfterTheHandlerTimeout_UserToldPrivately()
    {
        var never = new TaskCompletionSource();
        DateTimeOffset start = _time.GetUtcNow();
        AddCommand("stuck", async (_, _) => await never.Task);
        using InteractionRouter router = CreateSut();

        Task handling = router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "stuck"));
        await Poll.UntilAsync(() => { _time.Advance(TimeSpan.FromSeconds(30)); return handling.IsCompleted; }, "the router to give up on the handler");
        await handling;

        Assert.That(_client.Calls, Is.EqualTo(new[]
        {
            "respond:DeferredChannelMessageWithSource:",
            "delete",
            "followup:private:Sorry, `/stuck` took too long and was given up. The details are in the bot's log.",
        }));
        Assert.That(_errors.Single(), Is.TypeOf<TimeoutException>(), "counted as the cog's handler error");
        Assert.That(_time.GetUtcNow() - start, Is.GreaterThanOrEqualTo(new InteractionsOptions().HandlerTimeout));
        never.SetResult();
    }

    [Test]
    public async Task Command_SlowHandler_DeferredAfterTwoSecondsThenReplyEditsTheOriginal()
    {
        var release = new TaskCompletionSource();
        AddCommand("slow", async (c, ct) =>
        {
            await release.Task;
            await c.ReplyAsync(InteractionReply.Public("done"), ct);
        });
        using InteractionRouter router = CreateSut();

        Task handling = router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "slow"));
        TimeSpan advanced = TimeSpan.Zero;
        while (_client.Calls.Count == 0 && advanced < TimeSpan.FromSeconds(10))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
            await Task.Delay(5); // lets the router's continuation run; the fake clock decides when the defer is due
        }

        IReadOnlyList<string> beforeReply = _client.Calls;
        release.SetResult();
        await handling;

        Assert.That(advanced, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)), "deferred before 2 s");
        Assert.That(beforeReply, Is.EqualTo(new[] { "respond:DeferredChannelMessageWithSource:" }));
        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:DeferredChannelMessageWithSource:", "edit:done" }));
    }

    [Test]
    public async Task Command_SlowHandlerRepliesPrivately_PublicPlaceholderReplacedByEphemeralFollowup()
    {
        var release = new TaskCompletionSource();
        AddCommand("slow", async (c, ct) =>
        {
            await release.Task;
            await c.ReplyAsync(InteractionReply.Private("secret"), ct);
        });
        using InteractionRouter router = CreateSut();

        Task handling = router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "slow"));
        await Poll.UntilAsync(() => { _time.Advance(TimeSpan.FromMilliseconds(500)); return _client.Calls.Count > 0; }, "the defer");
        release.SetResult();
        await handling;

        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:DeferredChannelMessageWithSource:", "delete", "followup:private:secret" }));
    }

    [Test]
    public async Task Command_HandlerThrows_EphemeralErrorAndCounted()
    {
        AddCommand("boom", (_, _) => throw new InvalidOperationException("kaput"));
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "boom"));

        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:ChannelMessageWithSource:private:Sorry, `/boom` failed (InvalidOperationException). The details are in the bot's log." }));
        Assert.That(_errors.Single().Message, Is.EqualTo("kaput"));
    }

    [Test]
    public async Task Command_HandlerThrowsAfterDeferring_ErrorReplacesThePlaceholder()
    {
        AddCommand("boom", async (c, ct) =>
        {
            await c.DeferAsync(ephemeral: true, ct);
            throw new InvalidOperationException("kaput");
        });
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "boom"));

        Assert.That(_client.Calls, Is.EqualTo(new[]
        {
            "respond:DeferredChannelMessageWithSource:private:",
            "edit:private:Sorry, `/boom` failed (InvalidOperationException). The details are in the bot's log.",
        }));
    }

    [Test]
    public async Task Command_OwnerOnlyFromStranger_RefusedEphemerallyHandlerNotRun()
    {
        bool ran = false;
        AddCommand("reload", (c, ct) => { ran = true; return ValueTask.CompletedTask; }, ownerOnly: true);
        var logger = new FakeLogger<InteractionRouter>();
        using InteractionRouter router = CreateSut(logger);

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "reload", user: Alice));

        Assert.That(ran, Is.False);
        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:ChannelMessageWithSource:private:You are not allowed to use `/reload`: it is for the bot's owners." }));
        Assert.That(logger.Collector.GetSnapshot().Select(r => $"{r.Level}: {r.Message}"),
            Is.EqualTo(new[] { "Warning: User 1001 (someone) was denied owner-only command /reload in channel 20" }),
            "the same line as a refused prefix command, so one search finds both");
    }

    [Test]
    public async Task Commands_CountWithThePrefixCommands_PressesDoNot()
    {
        AddCommand("roll", (c, ct) => new ValueTask(c.ReplyAsync(InteractionReply.Public("4"), ct)));
        AddCommand("boom", (_, _) => throw new InvalidOperationException("kaput"));
        AddCommand("reload", (_, _) => ValueTask.CompletedTask, ownerOnly: true);
        _table.Add("Games", InteractionRoute.ForHandler(InteractionRouteKind.Component, "Games", "vote", (_, _) => ValueTask.CompletedTask));
        using var statistics = new BotStatistics(_time);
        using InteractionRouter router = CreateSut(meters: statistics.Meters);

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "roll"));
        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "boom"));
        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "reload", user: Alice));
        await router.HandleAsync(Interaction(InteractionType.MessageComponent, customId: "Games:vote"));

        IReadOnlyDictionary<string, long> counters = statistics.Snapshot().Counters;
        Assert.Multiple(() =>
        {
            Assert.That(counters.GetValueOrDefault(BotStatisticNames.CommandsInvoked), Is.EqualTo(2), "/roll and /boom ran; the press is not a command");
            Assert.That(counters.GetValueOrDefault(BotStatisticNames.CommandsFailed), Is.EqualTo(1), "/boom threw");
            Assert.That(counters.GetValueOrDefault(BotStatisticNames.CommandsDenied), Is.EqualTo(1), "/reload refused to Alice");
        });
    }

    [Test]
    public async Task Command_HandlerReturnsWithoutAnswer_HostSaysSoPrivately()
    {
        AddCommand("quiet", (_, _) => ValueTask.CompletedTask);
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "quiet"));

        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:ChannelMessageWithSource:private:/quiet finished without an answer." }));
    }

    [Test]
    public async Task Command_Unknown_SaysItIsNotAvailable()
    {
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "gone"));

        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:ChannelMessageWithSource:private:/gone is not available right now." }));
    }

    [TestCase("Games:nothing-here")]
    [TestCase("Unloaded:vote:1")]
    [TestCase("no-namespace")]
    public async Task Component_UnknownOrExpiredId_EphemeralExpired(string customId)
    {
        _table.Add("Games", InteractionRoute.ForHandler(InteractionRouteKind.Component, "Games", "vote", (_, _) => ValueTask.CompletedTask));
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.MessageComponent, customId: customId));

        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:ChannelMessageWithSource:private:This button has expired." }));
    }

    [Test]
    public async Task Component_HandlerSeesItsOwnIdAndUpdatesTheMessage_ButtonsNamespaced()
    {
        string? seen = null;
        _table.Add("Games", InteractionRoute.ForHandler(InteractionRouteKind.Component, "Games", "vote", async (c, ct) =>
        {
            seen = c.CustomId;
            await c.UpdateMessageAsync(new InteractionReply("voted") { Components = [InteractionComponent.Button("vote:again", "Again")] }, ct);
        }));
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.MessageComponent, customId: "Games:vote:yes"));

        Assert.That(seen, Is.EqualTo("vote:yes"));
        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:UpdateMessage:voted" }));
        Assert.That(_client.Responses.Single().Message!.Components![0].Components![0].CustomId, Is.EqualTo("Games:vote:again"));
    }

    [Test]
    public async Task Component_HandlerDoesNothing_AcknowledgedWithoutChange()
    {
        _table.Add("Games", InteractionRoute.ForHandler(InteractionRouteKind.Component, "Games", "noop", (_, _) => ValueTask.CompletedTask));
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(Interaction(InteractionType.MessageComponent, customId: "Games:noop"));

        Assert.That(_client.Calls, Is.EqualTo(new[] { "respond:DeferredUpdateMessage:" }));
    }

    [Test]
    public async Task Autocomplete_AnswersAtMost25Suggestions()
    {
        var option = new SlashCommandOption("cog", SlashOptionType.String, "Cog")
        {
            Autocomplete = (c, _) => ValueTask.FromResult<IReadOnlyList<SlashChoice>>([.. Enumerable.Range(0, 40).Select(i => new SlashChoice($"{c.Text}{i}", $"{c.Text}{i}"))]),
        };
        _table.Add("Games", InteractionRoute.ForCommand("Games", new SlashCommandDefinition("pick", "Test.", (_, _) => ValueTask.CompletedTask) { Options = [option] }));
        using InteractionRouter router = CreateSut();
        InteractionOption[] typed = [new() { Name = "cog", Type = ApplicationCommandOptionType.String, Value = "ab", IsFocused = true }];

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommandAutocomplete, "pick", options: typed));

        IReadOnlyList<ApplicationCommandChoice> choices = _client.Responses.Single().Choices!;
        Assert.That(choices, Has.Count.EqualTo(25));
        Assert.That(choices[0].Name, Is.EqualTo("ab0"));
    }

    [Test]
    public async Task Autocomplete_TheHandlerSeesTheOtherOptionsFilledSoFar_Typed()
    {
        IAutocompleteContext? seen = null;
        var option = new SlashCommandOption("track", SlashOptionType.String, "Track")
        {
            Autocomplete = (c, _) => { seen = c; return ValueTask.FromResult<IReadOnlyList<SlashChoice>>([]); },
        };
        _table.Add("Games", InteractionRoute.ForCommand("Games", new SlashCommandDefinition("play", "Test.", (_, _) => ValueTask.CompletedTask)
        {
            Subcommands = [new SlashSubcommand("song", "Song.") { Options = [new SlashCommandOption("album", SlashOptionType.String, "Album"), new SlashCommandOption("disc", SlashOptionType.Integer, "Disc"), option] }],
        }));
        using InteractionRouter router = CreateSut();
        InteractionOption[] typed =
        [
            new()
            {
                Name = "song", Type = ApplicationCommandOptionType.SubCommand,
                Options =
                [
                    new() { Name = "album", Type = ApplicationCommandOptionType.String, Value = "Abbey Road" },
                    new() { Name = "disc", Type = ApplicationCommandOptionType.Integer, Value = 2L },
                    new() { Name = "track", Type = ApplicationCommandOptionType.String, Value = "Come", IsFocused = true },
                ],
            },
        ];

        await router.HandleAsync(Interaction(InteractionType.ApplicationCommandAutocomplete, "play", options: typed));

        Assert.That(seen!.Options, Is.EquivalentTo(new Dictionary<string, object> { ["album"] = "Abbey Road", ["disc"] = 2L, ["track"] = "Come" }));
        Assert.That((seen.GetOption<string>("album"), seen.GetOption<long>("disc"), seen.GetOption<double>("disc"), seen.GetOption<string>("missing")),
            Is.EqualTo(("Abbey Road", 2L, 2.0, (string?)null)));
        Assert.Throws<InvalidCastException>(() => seen.GetOption<long>("album"));
    }

    [TestCase(Owner, true)]
    [TestCase(Alice, false)]
    public async Task Autocomplete_TheHandlerSeesTheChannelOwnershipAndRoles_AsTheCommandsHandlerDoes(ulong user, bool isOwner)
    {
        // Contract 1.7: the same INTERACTION_CREATE fields, read the same way, while typing (type 4) as when running (type 2).
        IAutocompleteContext? typing = null;
        IInteractionContext? running = null;
        var option = new SlashCommandOption("cog", SlashOptionType.String, "Cog")
        {
            Autocomplete = (c, _) => { typing = c; return ValueTask.FromResult<IReadOnlyList<SlashChoice>>([]); },
        };
        _table.Add("Games", InteractionRoute.ForCommand("Games", new SlashCommandDefinition("pick", "Test.", (c, _) => { running = c; return ValueTask.CompletedTask; }) { Options = [option] }));
        using InteractionRouter router = CreateSut();
        DiscordInteraction InThread(InteractionType type, InteractionOption value) => new()
        {
            Id = 1, ApplicationId = 2, Type = type, Token = "token", User = new DiscordUser(user, "someone", false), CommandName = "pick", Options = [value],
            GuildId = 10, ChannelId = 30, IsInThread = true, ParentChannelId = 20, Member = new InteractionMember { RoleIds = [5, 6], Permissions = 8 },
        };

        await router.HandleAsync(InThread(InteractionType.ApplicationCommandAutocomplete, new() { Name = "cog", Type = ApplicationCommandOptionType.String, Value = "Di", IsFocused = true }));
        await router.HandleAsync(InThread(InteractionType.ApplicationCommand, new() { Name = "cog", Type = ApplicationCommandOptionType.String, Value = "Dice" }));

        Assert.That((typing!.GuildId, typing.ChannelId, typing.IsInThread, typing.ParentChannelId, typing.CallerIsOwner, typing.MemberRoleIds, typing.MemberPermissions),
            Is.EqualTo((10UL, 30UL, true, 20UL, isOwner, new ulong[] { 5, 6 }, 8UL)));
        Assert.That((typing.GuildId, typing.ChannelId, typing.IsInThread, typing.ParentChannelId, typing.CallerIsOwner, typing.MemberRoleIds, typing.MemberPermissions),
            Is.EqualTo((running!.GuildId, running.ChannelId, running.IsInThread, running.ParentChannelId, running.CallerIsOwner, running.MemberRoleIds, running.MemberPermissions)));
    }

    [Test]
    public async Task Autocomplete_InADirectMessage_NoChannelRolesOrPermissionsBeyondWhatDiscordSent()
    {
        IAutocompleteContext? typing = null;
        var option = new SlashCommandOption("cog", SlashOptionType.String, "Cog")
        {
            Autocomplete = (c, _) => { typing = c; return ValueTask.FromResult<IReadOnlyList<SlashChoice>>([]); },
        };
        _table.Add("Games", InteractionRoute.ForCommand("Games", new SlashCommandDefinition("pick", "Test.", (_, _) => ValueTask.CompletedTask) { Options = [option] }));
        using InteractionRouter router = CreateSut();

        await router.HandleAsync(new DiscordInteraction
        {
            Id = 1, ApplicationId = 2, Type = InteractionType.ApplicationCommandAutocomplete, Token = "token", User = new DiscordUser(Alice, "alice", false), CommandName = "pick",
            Options = [new() { Name = "cog", Type = ApplicationCommandOptionType.String, Value = "", IsFocused = true }], GuildId = null, ChannelId = 77,
        });

        Assert.That((typing!.GuildId, typing.ChannelId, typing.IsInThread, typing.CallerIsOwner, typing.MemberRoleIds, typing.MemberPermissions),
            Is.EqualTo(((ulong?)null, 77UL, false, false, Array.Empty<ulong>(), (ulong?)null)));
    }

    [TestCase(ComponentType.UserSelect, TestName = "Select_TheHandlerSeesThePicksResolved(users)")]
    [TestCase(ComponentType.RoleSelect, TestName = "Select_TheHandlerSeesThePicksResolved(roles)")]
    [TestCase(ComponentType.MentionableSelect, TestName = "Select_TheHandlerSeesThePicksResolved(mentionables)")]
    [TestCase(ComponentType.ChannelSelect, TestName = "Select_TheHandlerSeesThePicksResolved(channels)")]
    public async Task Select_TheHandlerSeesThePicksResolved(ComponentType type)
    {
        IInteractionContext? seen = null;
        _table.Add("Games", InteractionRoute.ForHandler(InteractionRouteKind.Component, "Games", "pick", (c, _) => { seen = c; return ValueTask.CompletedTask; }));
        using InteractionRouter router = CreateSut();
        var users = new Dictionary<ulong, DiscordUser> { [7] = new(7, "bob", false) };
        var roles = new Dictionary<ulong, ResolvedRole> { [8] = new(8, "Mods", null) };
        var channels = new Dictionary<ulong, ResolvedChannel> { [9] = new(9, 0, "general", null) };
        (string[] values, InteractionResolved resolved) = type switch
        {
            ComponentType.UserSelect => (new[] { "7" }, new InteractionResolved { Users = users }),
            ComponentType.RoleSelect => (new[] { "8" }, new InteractionResolved { Roles = roles }),
            ComponentType.MentionableSelect => (new[] { "8", "7" }, new InteractionResolved { Users = users, Roles = roles }),
            _ => (new[] { "9" }, new InteractionResolved { Channels = channels }),
        };

        await router.HandleAsync(new DiscordInteraction
        {
            Id = 1, ApplicationId = 2, Type = InteractionType.MessageComponent, Token = "token", User = new DiscordUser(Alice, "alice", false),
            CustomId = "Games:pick", ComponentType = type, Values = values, Resolved = resolved, GuildId = 10, ChannelId = 20,
        });

        Assert.That(seen!.SelectedValues, Is.EqualTo(values));
        Assert.That(seen.SelectedUsers.Select(u => u.Username), Is.EqualTo(type is ComponentType.UserSelect or ComponentType.MentionableSelect ? new[] { "bob" } : Array.Empty<string>()));
        Assert.That(seen.SelectedRoles.Select(r => r.Name), Is.EqualTo(type is ComponentType.RoleSelect or ComponentType.MentionableSelect ? new[] { "Mods" } : Array.Empty<string>()));
        Assert.That(seen.SelectedChannels, Is.EqualTo(type is ComponentType.ChannelSelect ? new[] { new InteractionChannel(9, 0, "general") } : Array.Empty<InteractionChannel>()));
    }

    [Test]
    public async Task OpenModal_AfterTheHostDeferred_Throws_AndTheUserGetsTheError()
    {
        var release = new TaskCompletionSource();
        AddCommand("form", async (c, ct) =>
        {
            await release.Task;
            await c.OpenModalAsync(new InteractionModal("f", "Form", [new ModalTextInput("text", "Text")]), ct);
        });
        using InteractionRouter router = CreateSut();

        Task handling = router.HandleAsync(Interaction(InteractionType.ApplicationCommand, "form"));
        await Poll.UntilAsync(() => { _time.Advance(TimeSpan.FromMilliseconds(500)); return _client.Calls.Count > 0; }, "the defer");
        release.SetResult();
        await handling;

        // The error is private and the host's placeholder public: it is taken away and the error follows privately.
        Assert.That(_client.Calls[^2], Is.EqualTo("delete"));
        Assert.That(_client.Calls[^1], Does.StartWith("followup:private:Sorry, `/form` failed (InvalidOperationException)"));
    }

    [Test]
    public async Task StartAndStop_SubscribesAndUnsubscribes()
    {
        using InteractionRouter router = CreateSut();

        await router.StartAsync(CancellationToken.None);
        bool subscribed = _client.Handler is not null;
        await router.StopAsync(CancellationToken.None);

        Assert.That((subscribed, _client.Handler), Is.EqualTo((true, (Func<DiscordInteraction, CancellationToken, ValueTask>?)null)));
    }
}
