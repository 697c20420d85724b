using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Commands.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Commands.Tests;

public class CommandDispatcherTests
{
    // NUnit shares one fixture instance between tests: everything is rebuilt in SetUp.
    private FakeDiscordBot _bot = null!;
    private FakeBotOwners _owners = null!;
    private FakeTimeProvider _time = null!;
    private FakeLogger<CommandDispatcher> _logger = null!;
    private RecordingMeters _statistics = null!;
    private CommandCatalog _catalog = null!;
    private CommandDispatcher _dispatcher = null!;

    [SetUp]
    public async Task CreateSut()
    {
        _bot = new FakeDiscordBot { CurrentUser = Messages.Bot };
        _owners = new FakeBotOwners(Messages.Owner);
        _time = new FakeTimeProvider();
        _logger = new FakeLogger<CommandDispatcher>();
        _statistics = new RecordingMeters();
        var options = new CommandsOptions();
        _catalog = new CommandCatalog(options, _bot);
        _dispatcher = new CommandDispatcher(_catalog, _bot, _owners, _time, _logger, options, _statistics);
        await _dispatcher.StartAsync(CancellationToken.None);
    }

    [TearDown]
    public void Stop()
    {
        _dispatcher.Dispose();
        _statistics.Dispose();
    }

    [Test]
    public async Task SlowCommand_DoesNotDelayTheNextMessage()
    {
        var release = new TaskCompletionSource();
        var fastRan = new TaskCompletionSource();
        var calls = new List<string>();
        _catalog.Add("Tests", new CommandDefinition("slow", "waits", async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            lock (calls) calls.Add("slow");
        }));
        _catalog.Add("Tests", new CommandDefinition("fast", "returns", (_, _) =>
        {
            lock (calls) calls.Add("fast");
            fastRan.SetResult();
            return ValueTask.CompletedTask;
        }));

        await _bot.DeliverAsync(Messages.Text("!slow"));
        await _bot.DeliverAsync(Messages.Text("!fast"));
        await fastRan.Task.WaitAsync(TimeSpan.FromSeconds(30)); // would hang if !fast waited behind !slow

        release.SetResult();
        await _dispatcher.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(calls, Is.EqualTo(new[] { "fast", "slow" }));
    }

    [Test]
    public async Task StopAsync_CancelsRunningCommandsAndWaitsForThem()
    {
        var started = new TaskCompletionSource();
        bool sawCancellation = false;
        _catalog.Add("Tests", new CommandDefinition("hang", "hangs", async (_, ct) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                sawCancellation = true;
                throw;
            }
        }));
        await _bot.DeliverAsync(Messages.Text("!hang"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await _dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(sawCancellation, Is.True);
        Assert.That(Replies, Is.Empty);
    }

    [Test]
    public async Task HandlerThatBlocksItsThread_IsAbandonedAfterTheTimeout_AndItsSlotServesTheNextCommand()
    {
        var options = new CommandsOptions { MaxConcurrentCommands = 1, HandlerTimeout = TimeSpan.FromSeconds(30) };
        var catalog = new CommandCatalog(options, _bot);
        using var dispatcher = new CommandDispatcher(catalog, _bot, _owners, _time, _logger, options, _statistics);
        using var stuck = new ManualResetEventSlim();
        var blocking = new TaskCompletionSource();
        var fastRan = new TaskCompletionSource();
        catalog.Add("Tests", new CommandDefinition("block", "blocks its thread", (_, _) =>
        {
            blocking.TrySetResult();
            stuck.Wait(CancellationToken.None); // a synchronous block that ignores its token: .Result, Thread.Sleep, a lock never released
            return ValueTask.CompletedTask;
        }));
        catalog.Add("Tests", new CommandDefinition("fast", "returns", (_, _) =>
        {
            fastRan.TrySetResult();
            return ValueTask.CompletedTask;
        }));
        _dispatcher.Dispose();
        await dispatcher.StartAsync(CancellationToken.None);

        await _bot.DeliverAsync(Messages.Text("!block"));
        await blocking.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Task fast = _bot.DeliverAsync(Messages.Text("!fast")); // waits for the only slot
        await _time.AdvanceUntilAsync(() => fastRan.Task.IsCompleted, TimeSpan.FromSeconds(5));
        await fast.WaitAsync(TimeSpan.FromSeconds(30));
        stuck.Set();

        Assert.Multiple(() =>
        {
            Assert.That(Replies, Has.One.EqualTo("Sorry, `!block` took longer than 30 s and was abandoned."));
            Assert.That(_logger.Collector.GetSnapshot().Count(r => r.Message.Contains("Command block of Tests for user", StringComparison.Ordinal) && r.Message.Contains("did not finish within", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(_statistics.Counters.GetValueOrDefault(BotStatisticNames.CommandsFailed), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CommandOfACogTheGuildTurnedOff_DoesNotRun_ThereOnly()
    {
        var options = new CommandsOptions();
        var catalog = new CommandCatalog(options, _bot);
        var switchedOff = new GuildSwitch("Games", Messages.Guild);
        using var dispatcher = new CommandDispatcher(catalog, _bot, _owners, _time, _logger, options, _statistics, switchedOff);
        var guilds = new List<ulong?>();
        var ranElsewhere = new TaskCompletionSource();
        catalog.Add("Games", new CommandDefinition("roll", "rolls", (context, _) =>
        {
            lock (guilds) guilds.Add(context.Message.GuildId);
            ranElsewhere.TrySetResult();
            return ValueTask.CompletedTask;
        }));
        _dispatcher.Dispose();
        await dispatcher.StartAsync(CancellationToken.None);

        // The handler records every guild it runs in: the turned-off one must never appear, whenever its message is decided.
        await _bot.DeliverAsync(Messages.Text("!roll"));
        await _bot.DeliverAsync(Messages.Text("!roll") with { GuildId = Messages.Guild + 1 });
        await ranElsewhere.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(guilds, Is.EqualTo(new ulong?[] { Messages.Guild + 1 }), "only in the other guild");
        Assert.That(Replies, Is.Empty, "silence where the cog is off");
    }

    [Test]
    public async Task Help_InAGuildThatTurnedACogOff_DoesNotListItsCommands()
    {
        var options = new CommandsOptions();
        var catalog = new CommandCatalog(options, _bot, new GuildSwitch("Games", Messages.Guild));
        using var dispatcher = new CommandDispatcher(catalog, _bot, _owners, _time, _logger, options, _statistics);
        catalog.Add("Games", new CommandDefinition("roll", "rolls", (_, _) => ValueTask.CompletedTask));
        catalog.Add("Tools", new CommandDefinition("ping", "pings", (_, _) => ValueTask.CompletedTask));
        _dispatcher.Dispose();
        await dispatcher.StartAsync(CancellationToken.None);

        await _bot.DeliverAsync(Messages.Text("!help"));
        await _bot.DeliverAsync(Messages.Text("!help") with { GuildId = Messages.Guild + 1 });
        await _time.AdvanceUntilAsync(() => Replies.Count == 2, TimeSpan.FromSeconds(5));

        string here = Replies.Single(r => !r.Contains("!roll", StringComparison.Ordinal));
        Assert.That(here, Does.Contain("!ping"));
        Assert.That(Replies.Count(r => r.Contains("!roll", StringComparison.Ordinal)), Is.EqualTo(1), "listed in the other guild");
    }

    [Test]
    public async Task HelpForOneCommand_OfACogTheGuildTurnedOff_SaysItIsTurnedOffHere()
    {
        var options = new CommandsOptions();
        var catalog = new CommandCatalog(options, _bot, new GuildSwitch("Games", Messages.Guild));
        using var dispatcher = new CommandDispatcher(catalog, _bot, _owners, _time, _logger, options, _statistics);
        catalog.Add("Games", new CommandDefinition("roll", "rolls", (_, _) => ValueTask.CompletedTask) { Aliases = ["r"] });
        _dispatcher.Dispose();
        await dispatcher.StartAsync(CancellationToken.None);

        await _bot.DeliverAsync(Messages.Text("!help r"));
        await _time.AdvanceUntilAsync(() => Replies.Count == 1, TimeSpan.FromSeconds(5));
        await _bot.DeliverAsync(Messages.Text("!help roll") with { GuildId = Messages.Guild + 1 });
        await _time.AdvanceUntilAsync(() => Replies.Count == 2, TimeSpan.FromSeconds(5));

        Assert.That(Replies[0], Is.EqualTo("`!roll` is turned off in this server."), "the wording of its slash twin");
        Assert.That(Replies[1], Does.StartWith("`!roll`\nrolls"), "described in the other guild");
    }

    private sealed class GuildSwitch(string offCog, ulong offGuild) : ICogGuildSwitch
    {
        public bool IsEnabled(string cogName, ulong guildId) => cogName != offCog || guildId != offGuild;
    }

    private List<string> Replies => [.. _bot.SentContents];

    private async Task Deliver(DiscordMessage message)
    {
        await _bot.DeliverAsync(message);
        await _dispatcher.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only
    }

    private List<ICommandContext> AddRecording(string name, Action<CommandDefinition>? check = null, Func<CommandDefinition, CommandDefinition>? shape = null)
    {
        var calls = new List<ICommandContext>();
        var command = new CommandDefinition(name, "test command", (context, _) =>
        {
            calls.Add(context);
            return ValueTask.CompletedTask;
        });
        _catalog.Add("Tests", shape is null ? command : shape(command));
        return calls;
    }

    [Test]
    public void StartAsync_SubscribesToPrefixedMentionsAndDirectMessages()
    {
        Assert.That(_bot.LastInterest, Is.EqualTo(MessageInterest.Prefixed | MessageInterest.Mentions | MessageInterest.DirectMessages));
    }

    [Test]
    public async Task StopAsync_Unsubscribes()
    {
        await _dispatcher.StopAsync(CancellationToken.None);

        Assert.That(_bot.SubscriberCount, Is.Zero);
    }

    [Test]
    public async Task Prefix_KnownCommand_RunsHandlerWithParsedArguments()
    {
        List<ICommandContext> calls = AddRecording("remind", shape: command => command with
        {
            Parameters = [new("minutes", CommandParameterType.Integer), new("text", CommandParameterType.Remainder) { IsOptional = true }],
        });

        await Deliver(Messages.Text("!remind 15 take \"the\" pizza out"));

        Assert.That(calls, Has.Count.EqualTo(1));
        Assert.That(calls[0].Get<long>("minutes"), Is.EqualTo(15));
        Assert.That(calls[0].Get<string>("text"), Is.EqualTo("take \"the\" pizza out"));
        Assert.That(calls[0].InvokedAs, Is.EqualTo("remind"));
        Assert.That(calls[0].CallerIsOwner, Is.False);
        Assert.That(_statistics.Counters[BotStatisticNames.CommandsInvoked], Is.EqualTo(1));
        Assert.That(_statistics.ByCommand[(BotStatisticNames.CommandsInvoked, "remind")], Is.EqualTo(1), "counted by command");
    }

    [Test]
    public async Task Prefix_BadInteger_RepliesWithOneUsageLine()
    {
        List<ICommandContext> calls = AddRecording("remind", shape: command => command with
        {
            Parameters = [new("minutes", CommandParameterType.Integer), new("text", CommandParameterType.Remainder) { IsOptional = true }],
        });

        await Deliver(Messages.Text("!remind soon do it"));

        Assert.That(calls, Is.Empty);
        Assert.That(Replies, Is.EqualTo(new[] { "`soon` is not a whole number (for <minutes>). Usage: `!remind <minutes:integer> [text...]`" }));
    }

    [Test]
    public async Task Prefix_UsageLine_UsesTheAliasTyped()
    {
        AddRecording("remind", shape: command => command with { Aliases = ["r"], Parameters = [new("minutes", CommandParameterType.Integer)] });

        await Deliver(Messages.Text("!R"));

        Assert.That(Replies.Single(), Is.EqualTo("Missing <minutes>. Usage: `!r <minutes:integer>`"));
    }

    [Test]
    public async Task Prefix_UnknownCommand_IsIgnoredSilently()
    {
        await Deliver(Messages.Text("!nosuchcommand at all"));

        Assert.That(Replies, Is.Empty);
    }

    [Test]
    public async Task Mention_KnownCommand_Runs()
    {
        List<ICommandContext> calls = AddRecording("ping");

        await Deliver(Messages.Mention("ping"));
        await Deliver(Messages.Mention("!ping"));

        Assert.That(calls, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Mention_PrefixAndUnknownName_GetsAHint()
    {
        await Deliver(Messages.Mention("!nope"));

        Assert.That(Replies, Is.EqualTo(new[] { "I don't know `!nope`. `!help` lists my commands." }));
    }

    [Test]
    public async Task Mention_Question_IsLeftToOtherCogs()
    {
        AddRecording("ping");

        await Deliver(Messages.Mention("what does ping mean?"));

        Assert.That(Replies, Is.Empty);
    }

    [Test]
    public async Task Message_FromABot_IsIgnored()
    {
        List<ICommandContext> calls = AddRecording("ping");

        await Deliver(Messages.From(55, "!ping", isBot: true));

        Assert.That(calls, Is.Empty);
    }

    [Test]
    public async Task OwnerOnly_NonOwner_IsRefusedAndLogged()
    {
        List<ICommandContext> calls = AddRecording("reload", shape: command => command with { OwnerOnly = true });

        await Deliver(Messages.From(Messages.User, "!reload"));

        Assert.That(calls, Is.Empty);
        Assert.That(Replies.Single(), Does.StartWith("You are not allowed to use `!reload`"));
        FakeLogRecord record = _logger.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Warning);
        Assert.That(record.Message, Does.Contain(Messages.User.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("reload"));
        Assert.That(_statistics.Counters[BotStatisticNames.CommandsDenied], Is.EqualTo(1));
    }

    [Test]
    public async Task OwnerOnly_Owner_Runs()
    {
        List<ICommandContext> calls = AddRecording("reload", shape: command => command with { OwnerOnly = true });

        await Deliver(Messages.From(Messages.Owner, "!reload"));

        Assert.That(calls.Single().CallerIsOwner, Is.True);
        Assert.That(Replies, Is.Empty);
    }

    [Test]
    public async Task OwnerOnly_OwnerCheckThrows_IsRefused()
    {
        List<ICommandContext> calls = AddRecording("reload", shape: command => command with { OwnerOnly = true });
        _owners.Failure = new HttpRequestException("application lookup failed");

        await Deliver(Messages.From(Messages.Owner, "!reload"));

        Assert.That(calls, Is.Empty);
        Assert.That(Replies.Single(), Does.StartWith("You are not allowed"));
        Assert.That(_logger.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Error && r.Exception is HttpRequestException), Is.True);
    }

    [Test]
    public async Task Cooldown_SecondUseTooSoon_IsRefusedOnceThenSilent()
    {
        List<ICommandContext> calls = AddRecording("ping", shape: command => command with { Cooldown = TimeSpan.FromSeconds(10) });

        await Deliver(Messages.Text("!ping"));
        _time.Advance(TimeSpan.FromSeconds(3));
        await Deliver(Messages.Text("!ping"));
        await Deliver(Messages.Text("!ping"));

        Assert.That(calls, Has.Count.EqualTo(1));
        Assert.That(Replies, Is.EqualTo(new[] { "`!ping` is cooling down: try again in 7 s." }));
    }

    [Test]
    public async Task Cooldown_AfterItExpires_RunsAgain()
    {
        List<ICommandContext> calls = AddRecording("ping", shape: command => command with { Cooldown = TimeSpan.FromSeconds(10) });

        await Deliver(Messages.Text("!ping"));
        _time.Advance(TimeSpan.FromSeconds(10));
        await Deliver(Messages.Text("!ping"));

        Assert.That(calls, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Cooldown_IsPerUser()
    {
        List<ICommandContext> calls = AddRecording("ping", shape: command => command with { Cooldown = TimeSpan.FromMinutes(1) });

        await Deliver(Messages.From(10, "!ping"));
        await Deliver(Messages.From(11, "!ping"));

        Assert.That(calls, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Cooldown_BadArguments_DoNotStartIt()
    {
        List<ICommandContext> calls = AddRecording("roll", shape: command => command with
        {
            Cooldown = TimeSpan.FromMinutes(1),
            Parameters = [new("sides", CommandParameterType.Integer)],
        });

        await Deliver(Messages.Text("!roll x"));
        await Deliver(Messages.Text("!roll 6"));

        Assert.That(calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Handler_Throws_UserGetsShortReplyAndLogHasException()
    {
        _catalog.Add("Tests", new CommandDefinition("boom", "fails", (_, _) => throw new InvalidOperationException("secret internal detail")));

        await Deliver(Messages.Text("!boom"));

        Assert.That(Replies.Single(), Is.EqualTo("Sorry, `!boom` failed (InvalidOperationException). The details are in the bot's log."));
        FakeLogRecord record = _logger.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Error);
        Assert.That(record.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(record.Message, Does.Contain("boom").And.Contain("Tests"));
        Assert.That(_statistics.Counters[BotStatisticNames.CommandsFailed], Is.EqualTo(1));
    }

    [Test]
    public async Task Handler_ThrowsAsynchronously_IsCaughtToo()
    {
        _catalog.Add("Tests", new CommandDefinition("late", "fails later", async (_, ct) =>
        {
            await Task.Yield();
            throw new FormatException("late");
        }));

        await Deliver(Messages.Text("!late"));

        Assert.That(Replies.Single(), Does.Contain("FormatException"));
    }

    [Test]
    public async Task Reply_ReferencesInvokingMessageWithoutPing()
    {
        _catalog.Add("Tests", new CommandDefinition("echo", "echoes", (context, ct) => new ValueTask(context.ReplyAsync("hi", ct)))
        {
            Parameters = [],
        });
        DiscordMessage message = Messages.Text("!echo");

        await Deliver(message);

        SentMessage sent = _bot.Sent.Single();
        Assert.That(sent.ChannelId, Is.EqualTo(message.ChannelId));
        Assert.That(sent.Message.ReplyToMessageId, Is.EqualTo(message.Id));
        Assert.That(sent.Message.MentionRepliedUser, Is.False);
    }

    [Test]
    public async Task Reply_Long_IsSplitAndOnlyFirstPartReferences()
    {
        string text = string.Join('\n', Enumerable.Repeat(new string('a', 99), 30));
        _catalog.Add("Tests", new CommandDefinition("long", "long", (context, ct) => new ValueTask(context.ReplyAsync(text, ct))));

        await Deliver(Messages.Text("!long"));

        List<SentMessage> sent = [.. _bot.Sent];
        Assert.That(sent, Has.Count.EqualTo(2));
        Assert.That(sent[0].Message.ReplyToMessageId, Is.Not.Null);
        Assert.That(sent[1].Message.ReplyToMessageId, Is.Null);
    }

    [Test]
    public async Task ReplyFails_DoesNotThrowToTheGateway()
    {
        _bot.SendFailure = new DiscordApiException(403, 50013, "Missing Permissions");

        await Assert.DoesNotThrowAsync(() => Deliver(Messages.Mention("!nope")));
    }

    [Test]
    public async Task Get_UnknownParameter_ThrowsKeyNotFound_AndWrongTypeThrowsInvalidCast()
    {
        List<ICommandContext> calls = AddRecording("x", shape: command => command with { Parameters = [new("n", CommandParameterType.Integer)] });
        await Deliver(Messages.Text("!x 3"));

        Assert.Throws<KeyNotFoundException>(() => calls[0].Get<long>("m"));
        var error = Assert.Throws<InvalidCastException>(() => calls[0].Get<int>("n"));
        Assert.That(error!.Message, Does.Contain("Int64"));
    }

    [Test]
    public async Task Help_ForNonOwner_ListsCommandsWithoutOwnerOnlyOnes()
    {
        AddRecording("ping", shape: command => command with { Description = "Shows latency." });
        AddRecording("reload", shape: command => command with { OwnerOnly = true, Description = "Reloads cogs." });

        await Deliver(Messages.Text("!help"));

        Assert.That(Replies.Single(), Is.EqualTo(
            "**Commands** (`!help <command>` for details)\n"
            + "**Host**\n`!help [command]` — Lists the commands, or shows how to use one.\n"
            + "**Tests**\n`!ping` — Shows latency.\n"
            + "Slash commands: `/help`"));
    }

    [Test]
    public async Task Help_ForOwner_MarksOwnerOnlyCommands()
    {
        AddRecording("reload", shape: command => command with { OwnerOnly = true, Description = "Reloads cogs." });

        await Deliver(Messages.From(Messages.Owner, "!help"));

        Assert.That(Replies.Single(), Does.Contain("`!reload` — Reloads cogs. *(owner only)*"));
    }

    [Test]
    public async Task Help_OneCommand_ShowsUsageArgumentsAliasesCooldown()
    {
        AddRecording("remind", shape: command => command with
        {
            Description = "Reminds you later.",
            Aliases = ["r"],
            Cooldown = TimeSpan.FromSeconds(30),
            Parameters =
            [
                new("minutes", CommandParameterType.Integer, "How long to wait."),
                new("text", CommandParameterType.Remainder, "What to say.") { IsOptional = true, DefaultValue = "time's up" },
            ],
        });

        await Deliver(Messages.Text("!help !r"));

        Assert.That(Replies.Single(), Is.EqualTo(
            "`!remind <minutes:integer> [text...]`\n"
            + "Reminds you later.\n"
            + "Aliases: `!r`\n"
            + "• `minutes`: a whole number. How long to wait.\n"
            + "• `text`: the rest of the line, optional (default \"time's up\"). What to say.\n"
            + "Cooldown: 30 s per user."));
    }

    [Test]
    public async Task Help_OptionalWithAnEmptyDefault_SaysOnlyOptional()
    {
        AddRecording("reload", shape: command => command with
        {
            Description = "Reloads cogs.",
            Parameters = [new("cogs", CommandParameterType.Remainder, "Cog names; none for all") { IsOptional = true, DefaultValue = "" }],
        });

        await Deliver(Messages.Text("!help reload"));

        Assert.That(Replies.Single(), Does.EndWith("\n• `cogs`: the rest of the line, optional. Cog names; none for all"));
    }

    [Test]
    public async Task Help_UnknownCommand_SaysSo()
    {
        await Deliver(Messages.Text("!help nope"));

        Assert.That(Replies.Single(), Is.EqualTo("There is no command `!nope`. `!help` lists them."));
    }
}
