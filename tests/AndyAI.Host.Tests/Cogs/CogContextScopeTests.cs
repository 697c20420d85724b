using System.Text.Json;
using AndyAI.Abstractions.Commands;
using AndyAI.Host.Cogs;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs;

public sealed class CogContextScopeTests
{
    private FakeDiscordBot _bot = null!;
    private FakeCommandCatalog _catalog = null!;
    private FakeCogServicesFactory _services = null!;
    private FakeTimeProvider _time = null!;
    private FakeLogCollector _logs = null!;
    private BotStatistics _statistics = null!;
    private CogContextFactory _factory = null!;
    private string _dataRoot = null!;

    [SetUp]
    public void SetUp()
    {
        _bot = new FakeDiscordBot();
        _catalog = new FakeCommandCatalog();
        _services = new FakeCogServicesFactory();
        _time = new FakeTimeProvider();
        _logs = new FakeLogCollector();
        _statistics = new BotStatistics(_time);
        ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(_logs)));
        _factory = new CogContextFactory(_bot, _catalog, _services, _statistics, loggerFactory, _time, errorTable: new CogErrorTable(_statistics.Meters));
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _statistics.Dispose();
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }

    [Test]
    public void Create_Always_FillsTheContextAndCreatesTheDataDirectory()
    {
        using var unloading = new CancellationTokenSource();
        JsonElement settings = JsonDocument.Parse("""{"greeting":"hi"}""").RootElement;

        ICogContextScope scope = _factory.Create(new CogContextRequest("Echo", settings, Path.Combine(_dataRoot, "Echo"), unloading.Token));

        Assert.Multiple(() =>
        {
            Assert.That(scope.Context.CogName, Is.EqualTo("Echo"));
            Assert.That(scope.Context.Settings.GetProperty("greeting").GetString(), Is.EqualTo("hi"));
            Assert.That(Directory.Exists(scope.Context.DataDirectory), Is.True);
            Assert.That(scope.Context.Unloading, Is.EqualTo(unloading.Token));
            Assert.That(scope.Context.Time, Is.SameAs(_time));
            Assert.That(scope.Context.Statistics, Is.SameAs(_statistics));
            Assert.That(scope.Context.Llm, Is.SameAs(_services.Created.Single().Llm));
            Assert.That(_services.Created.Single().CogName, Is.EqualTo("Echo"));
        });
    }

    [Test]
    public void Logger_Always_UsesTheCogNameAsCategory()
    {
        ICogContextScope scope = CreateScope("Echo");

        scope.Context.Logger.LogInformation("hello from the cog");

        Assert.That(_logs.LatestRecord.Category, Is.EqualTo("Echo"));
    }

    [Test]
    public void SubscribeMessages_Activated_TheClientNamesTheSubscriberByItsCog()
    {
        ICogContextScope scope = CreateScope("Echo");
        scope.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => default);

        scope.Activate();

        Assert.That(_bot.SubscriberNames, Is.EqualTo(new[] { "cog Echo" }));
    }

    [Test]
    public async Task SubscribeMessages_BeforeActivate_IsStagedAndReceivesNothing()
    {
        ICogContextScope scope = CreateScope("Echo");
        int received = 0;
        scope.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => { received++; return default; });

        await _bot.DeliverAsync(TestMessages.Mention());

        Assert.That(_bot.SubscriberCount, Is.Zero);
        Assert.That(received, Is.Zero);
    }

    [Test]
    public async Task Activate_StagedSubscription_ReceivesMessages()
    {
        ICogContextScope scope = CreateScope("Echo");
        int received = 0;
        scope.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => { received++; return default; });

        scope.Activate();
        await _bot.DeliverAsync(TestMessages.Mention());

        Assert.That(received, Is.EqualTo(1));
    }

    [Test]
    public async Task DisposeAsync_ActiveScope_RemovesSubscriptionsCommandsAndServices()
    {
        ICogContextScope scope = CreateScope("Echo");
        scope.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => default);
        scope.Context.Commands.Add(Command("echo"));
        scope.Activate();

        await scope.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_bot.SubscriberCount, Is.Zero);
            Assert.That(_catalog.NamesOf("Echo"), Is.Empty);
            Assert.That(_services.Created.Single().Disposed, Is.True);
        });
    }

    [Test]
    public void DisposeAsync_Always_ClosesTheDiscordSurface()
    {
        ICogContextScope scope = CreateScope("Echo");
        scope.Activate();

        scope.DisposeAsync().AsTask().GetAwaiter().GetResult();

        Assert.That(() => scope.Context.Discord.SendMessageAsync(10, new("late")), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task DisposeAsync_OpenTypingIndicator_IsStopped()
    {
        ICogContextScope scope = CreateScope("Echo");
        scope.Activate();
        _ = scope.Context.Discord.BeginTyping(10);
        Assert.That(_bot.OpenTypingScopes, Is.EqualTo(1));

        await scope.DisposeAsync();

        Assert.That(_bot.OpenTypingScopes, Is.Zero);
    }

    [Test]
    public async Task Handler_Throws_IsCountedLoggedWithCogNameAndDoesNotEscape()
    {
        ICogContextScope scope = CreateScope("Echo");
        scope.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => throw new InvalidOperationException("boom"));
        scope.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, async (_, _) =>
        {
            await Task.Yield();
            throw new FormatException("late boom");
        });
        scope.Activate();

        await _bot.DeliverAsync(TestMessages.Mention());

        Assert.Multiple(() =>
        {
            Assert.That(scope.HandlerErrorCount, Is.EqualTo(2));
            Assert.That(scope.LastHandlerError, Is.EqualTo("FormatException: late boom"));
            Assert.That(_statistics.Snapshot().Counters[Abstractions.BotStatisticNames.CogHandlerErrors], Is.EqualTo(2));
            FakeLogRecord error = _logs.GetSnapshot().Last(r => r.Level == LogLevel.Error);
            Assert.That(error.Message, Does.Contain("Echo"));
            Assert.That(error.Exception, Is.TypeOf<FormatException>());
        });
    }

    [Test]
    public async Task Handler_CancelledBecauseTheCogUnloads_IsNotAnError()
    {
        using var unloading = new CancellationTokenSource();
        ICogContextScope scope = _factory.Create(new CogContextRequest("Echo", default, Path.Combine(_dataRoot, "Echo"), unloading.Token));
        scope.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => throw new OperationCanceledException(unloading.Token));
        scope.Activate();
        await unloading.CancelAsync();

        await _bot.DeliverAsync(TestMessages.Mention());

        Assert.That(scope.HandlerErrorCount, Is.Zero);
    }

    [Test]
    public async Task Activate_NewInstance_OldInstanceStopsReceivingAtOnce()
    {
        ICogContextScope old = CreateScope("Echo");
        int oldReceived = 0, newReceived = 0;
        old.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => { oldReceived++; return default; });
        old.Activate();
        ICogContextScope next = CreateScope("Echo");
        next.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => { newReceived++; return default; });

        next.Activate();
        await _bot.DeliverAsync(TestMessages.Mention());

        Assert.That((oldReceived, newReceived), Is.EqualTo((0, 1)));
    }

    [Test]
    public async Task DisposeAsync_OldInstanceAfterReload_KeepsTheNewInstancesCommandsAndHandlers()
    {
        ICogContextScope old = CreateScope("Echo");
        old.Context.Commands.Add(Command("echo"));
        old.Activate();
        ICogContextScope next = CreateScope("Echo");
        int newReceived = 0;
        next.Context.Commands.Add(Command("echo"));
        next.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => { newReceived++; return default; });
        next.Activate();

        old.Deactivate();
        await old.DisposeAsync();
        await _bot.DeliverAsync(TestMessages.Mention());

        Assert.That(_catalog.NamesOf("Echo"), Is.EqualTo(new[] { "echo" }));
        Assert.That(newReceived, Is.EqualTo(1));
    }

    [Test]
    public async Task DisposeAsync_NewInstanceFailedToStart_OldInstanceKeepsEverything()
    {
        ICogContextScope old = CreateScope("Echo");
        int oldReceived = 0;
        old.Context.Commands.Add(Command("echo"));
        old.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => { oldReceived++; return default; });
        old.Activate();
        ICogContextScope failed = CreateScope("Echo");
        failed.Context.Commands.Add(Command("echo"));
        failed.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => default);

        await failed.DisposeAsync();
        await _bot.DeliverAsync(TestMessages.Mention());

        Assert.That(_catalog.NamesOf("Echo"), Is.EqualTo(new[] { "echo" }));
        Assert.That(oldReceived, Is.EqualTo(1));
    }

    [Test]
    public async Task DisposeAsync_Twice_IsANoOpAndActivateAfterwardsThrows()
    {
        ICogContextScope scope = CreateScope("Echo");
        scope.Activate();

        await scope.DisposeAsync();
        await scope.DisposeAsync();
        scope.Deactivate();

        Assert.That(_services.Created.Single().Disposed, Is.True);
        Assert.That(scope.Activate, Throws.InvalidOperationException);
    }

    [Test]
    public void CommandsAdd_NameTakenByAnotherCog_ThrowsSoTheStartFails()
    {
        ICogContextScope first = CreateScope("First");
        first.Context.Commands.Add(Command("roll"));
        first.Activate();
        ICogContextScope second = CreateScope("Second");

        Assert.That(() => second.Context.Commands.Add(Command("roll")),
            Throws.InvalidOperationException.With.Message.Contains("First"));
    }

    [Test]
    public async Task Activate_CommandNameTakenSinceStart_FailsAndNothingGoesLive()
    {
        ICogContextScope scope = CreateScope("Echo");
        int received = 0;
        scope.Context.Commands.Add(Command("roll"));
        scope.Context.Discord.SubscribeMessages(Abstractions.Discord.MessageInterest.Mentions, (_, _) => { received++; return default; });
        _catalog.Add("Dice", Command("roll"));

        Assert.That(scope.Activate, Throws.InvalidOperationException.With.Message.Contains("Dice"));
        await _bot.DeliverAsync(TestMessages.Mention());

        Assert.That(_catalog.NamesOf("Echo"), Is.Empty);
        Assert.That(_bot.SubscriberCount, Is.Zero);
        Assert.That(received, Is.Zero);
    }

    [Test]
    public void CommandsAdd_BeforeActivate_IsNotLiveYet()
    {
        ICogContextScope scope = CreateScope("Echo");

        scope.Context.Commands.Add(Command("echo"));

        Assert.That(_catalog.NamesOf("Echo"), Is.Empty);
        scope.Activate();
        Assert.That(_catalog.NamesOf("Echo"), Is.EqualTo(new[] { "echo" }));
    }

    [Test]
    public async Task CommandHandler_Throws_IsCounted()
    {
        ICogContextScope scope = CreateScope("Echo");
        scope.Context.Commands.Add(new CommandDefinition("bad", "fails", (_, _) => throw new InvalidOperationException("nope")));
        scope.Activate();
        CommandDefinition live = _catalog.Find("bad")!;

        Assert.That(async () => await live.Handler(null!, CancellationToken.None), Throws.InvalidOperationException);
        await Task.CompletedTask;

        Assert.That(scope.HandlerErrorCount, Is.EqualTo(1));
        Assert.That(scope.LastHandlerError, Is.EqualTo("InvalidOperationException: nope"));
    }

    [Test]
    public void LoggerFactory_CogDisposesIt_HostLoggingContinues()
    {
        ICogContextScope scope = CreateScope("Echo");

        scope.Context.LoggerFactory.Dispose();
        scope.Context.LoggerFactory.CreateLogger("Echo.Inner").LogWarning("still logging");

        Assert.That(_logs.LatestRecord.Message, Is.EqualTo("still logging"));
    }

    private ICogContextScope CreateScope(string name) =>
        _factory.Create(new CogContextRequest(name, default, Path.Combine(_dataRoot, name), CancellationToken.None));

    private static CommandDefinition Command(string name) => new(name, "test command", (_, _) => default);
}
