using System.Collections.Concurrent;
using System.Threading.Channels;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Hosting;
using AndyAI.Emulator;
using AndyAI.Testing;

namespace AndyAI.Discord.Tests.Emulator;

/// <summary>
/// Our client against the emulator, with the checks the discord.js conformance run makes: ready, mention received,
/// reply sent, op 7 resume, withheld-ACK resume, no message lost or doubled, plus fatal codes and compression.
/// Real sockets and the real clock: timeouts are hang guards only.
/// </summary>
[NonParallelizable]
public class EmulatorConformanceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private DiscordEmulator _emulator = null!;
    private readonly List<DiscordBot> _bots = [];

    [SetUp]
    public async Task SetUp() =>
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(500) });

    [TearDown]
    public async Task TearDown()
    {
        foreach (DiscordBot bot in _bots) await bot.DisposeAsync();
        _bots.Clear();
        await _emulator.DisposeAsync();
    }

    private DiscordBot CreateBot(string? token = null, bool compress = false, int intents = DiscordClientOptions.DefaultIntents)
    {
        var bot = DiscordBot.Create(new DiscordClientOptions
        {
            Token = token ?? _emulator.BotToken,
            ApiBaseUrl = _emulator.RestBaseUrl,
            Compress = compress,
            Intents = intents,
        });
        _bots.Add(bot);
        return bot;
    }

    private async Task<(DiscordBot Bot, MessageInbox Inbox)> StartReadyAsync(MessageInterest interest = MessageInterest.Mentions, bool compress = false)
    {
        DiscordBot bot = CreateBot(compress: compress);
        var inbox = new MessageInbox();
        bot.SubscribeMessages(interest, inbox.Handle);
        await bot.StartAsync();
        await bot.WaitUntilReadyAsync().WaitAsync(Guard);
        // GUILD_CREATE (the managed role) follows READY.
        await inbox.WaitUntilAsync(() => bot.GetStatus().Guilds > 0 || true);
        return (bot, inbox);
    }

    [Test]
    public async Task Ready_MentionReceived_ReplySentWithoutPings()
    {
        (DiscordBot bot, MessageInbox inbox) = await StartReadyAsync();

        EmulatorMessage posted = await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> what is a monad?");
        DiscordMessage received = await inbox.NextAsync();
        DiscordMessage reply = await bot.SendMessageAsync(received.ChannelId, new OutgoingMessage("@everyone a burrito") { ReplyToMessageId = received.Id });
        EmulatorMessage stored = await _emulator.WaitForBotMessageAsync(m => m.Id == reply.Id, Guard);

        Assert.Multiple(() =>
        {
            Assert.That(bot.CurrentUser?.Id, Is.EqualTo(_emulator.BotUserId));
            Assert.That(received.Id, Is.EqualTo(posted.Id));
            Assert.That(received.MentionsBot, Is.True);
            Assert.That(received.GuildId, Is.EqualTo(_emulator.DefaultGuildId));
            Assert.That(received.Author.Id, Is.EqualTo(_emulator.AliceUserId));
            Assert.That(stored.ReferencedMessageId, Is.EqualTo(posted.Id));
            Assert.That(stored.AllowedMentions?.Parse, Is.Not.Null.And.Empty);
            Assert.That(stored.AllowedMentions?.RepliedUser, Is.False);
            Assert.That(stored.MentionEveryone, Is.False);
        });
    }

    [Test]
    public async Task Mentions_LegacyAndManagedRoleForms_AreRecognised_PlainMessagesAreNot()
    {
        (_, MessageInbox inbox) = await StartReadyAsync();

        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "no mention here");
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@!{_emulator.BotUserId}> legacy");
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@&{_emulator.BotRoleId}> role");
        DiscordMessage legacy = await inbox.NextAsync();
        DiscordMessage role = await inbox.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(legacy.Content, Does.EndWith("legacy"));
            Assert.That(role.Content, Does.EndWith("role"));
            Assert.That(role.MentionsBot, Is.True);
            Assert.That(role.BotRoleId, Is.EqualTo(_emulator.BotRoleId));
            Assert.That(inbox.Count, Is.Zero, "the plain message never reached a Mentions subscriber");
        });
    }

    [Test]
    public async Task DirectMessagesAndPrefixed_ReachTheirSubscribers()
    {
        DiscordBot bot = CreateBot();
        var dms = new MessageInbox();
        var commands = new MessageInbox();
        bot.SubscribeMessages(MessageInterest.DirectMessages, dms.Handle);
        bot.SubscribeMessages(MessageInterest.Prefixed, commands.Handle);
        await bot.StartAsync();
        await bot.WaitUntilReadyAsync().WaitAsync(Guard);

        ulong dmChannel = _emulator.CreateDmChannel(_emulator.BobUserId);
        await _emulator.PostMessageAsync(_emulator.BobUserId, dmChannel, "hello in private");
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "!ping");
        DiscordMessage dm = await dms.NextAsync();
        DiscordMessage command = await commands.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(dm.IsDirectMessage, Is.True);
            Assert.That(dm.Content, Is.EqualTo("hello in private"));
            Assert.That(command.Content, Is.EqualTo("!ping"));
        });
    }

    [Test]
    public async Task ThrowingHandler_DoesNotAffectOtherSubscribers()
    {
        DiscordBot bot = CreateBot();
        var inbox = new MessageInbox();
        bot.SubscribeMessages(MessageInterest.Mentions, (_, _) => throw new InvalidOperationException("boom"));
        bot.SubscribeMessages(MessageInterest.Mentions, inbox.Handle);
        await bot.StartAsync();
        await bot.WaitUntilReadyAsync().WaitAsync(Guard);

        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> one");
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> two");
        DiscordMessage first = await inbox.NextAsync();
        DiscordMessage second = await inbox.NextAsync();
        await inbox.WaitUntilAsync(() => bot.GetStatus().HandlerFailures == 2);

        Assert.Multiple(() =>
        {
            Assert.That(first.Content, Does.EndWith("one"));
            Assert.That(second.Content, Does.EndWith("two"));
            Assert.That(bot.GetStatus().HandlerFailures, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Op7_ResumesAtResumeUrl_MessagesWhileAwayArriveExactlyOnce()
    {
        (DiscordBot bot, MessageInbox inbox) = await StartReadyAsync();
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> before");
        await inbox.NextAsync();

        _emulator.HoldGatewayConnections();
        _emulator.SendReconnect();
        await _emulator.WaitForNoConnectionsAsync(Guard);
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> while away");
        _emulator.ReleaseGatewayConnections();
        await _emulator.WaitForDispatchAsync("RESUMED", Guard);
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> after");
        DiscordMessage away = await inbox.NextAsync();
        DiscordMessage after = await inbox.NextAsync();
        DiscordMessage next = await inbox.NextAfterMarkerAsync(_emulator);

        Assert.Multiple(() =>
        {
            Assert.That(away.Content, Does.EndWith("while away"));
            Assert.That(after.Content, Does.EndWith("after"));
            Assert.That(next.Content, Does.EndWith(MessageInbox.Marker), "nothing delivered twice");
            Assert.That(bot.GetStatus().Resumes, Is.GreaterThanOrEqualTo(1));
            Assert.That(_emulator.Frames.Any(f => f.Direction == AndyAI.Emulator.FrameDirection.Received && f.Opcode == 6), Is.True);
        });
    }

    [Test]
    public async Task WithheldAcks_ZombieDetected_ResumesWithNoMessageLostOrDoubled()
    {
        (DiscordBot bot, MessageInbox inbox) = await StartReadyAsync();

        _emulator.WithholdHeartbeatAcks();
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> during zombie");
        await _emulator.WaitForDispatchAsync("RESUMED", Guard);
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> after resume");
        var contents = new List<string> { (await inbox.NextAsync()).Content, (await inbox.NextAsync()).Content };
        DiscordMessage next = await inbox.NextAfterMarkerAsync(_emulator);

        Assert.Multiple(() =>
        {
            Assert.That(contents, Has.Exactly(1).EndsWith("during zombie"));
            Assert.That(contents, Has.Exactly(1).EndsWith("after resume"));
            Assert.That(next.Content, Does.EndWith(MessageInbox.Marker), "nothing delivered twice");
            Assert.That(bot.GetStatus().Resumes, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task SocketDroppedWithoutClose_Resumes()
    {
        (DiscordBot bot, MessageInbox inbox) = await StartReadyAsync();

        _emulator.DropGatewayConnections();
        await _emulator.WaitForDispatchAsync("RESUMED", Guard);
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> still here?");
        DiscordMessage message = await inbox.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(message.Content, Does.EndWith("still here?"));
            Assert.That(bot.GetStatus().Identifies, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task InvalidSessionNotResumable_IdentifiesAgain()
    {
        (DiscordBot bot, MessageInbox inbox) = await StartReadyAsync();

        _emulator.SendInvalidSession(resumable: false);
        await inbox.WaitUntilAsync(() => bot.GetStatus().Identifies == 2 && bot.IsReady);
        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> new session");
        DiscordMessage message = await inbox.NextAsync();

        Assert.That(message.Content, Does.EndWith("new session"));
    }

    [Test]
    public async Task DisallowedIntent_4014_StopsWithActionableErrorAndNoReconnect()
    {
        _emulator.SetGrantedPrivilegedIntents(0);
        DiscordBot bot = CreateBot();
        await bot.StartAsync();

        DiscordGatewayException? error = await Assert.ThrowsAsync<DiscordGatewayException>(() => bot.WaitUntilReadyAsync().WaitAsync(Guard));
        await new MessageInbox().WaitUntilAsync(() => bot.State == DiscordConnectionState.Faulted);

        Assert.Multiple(() =>
        {
            Assert.That(error!.CloseCode, Is.EqualTo(4014));
            Assert.That(bot.FatalError, Does.Contain("enable the Message Content intent"));
            Assert.That(bot.GetStatus().Identifies, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task GetApplicationOwners_Team_OwnerAndAdministeringMembersOnly()
    {
        (DiscordBot bot, _) = await StartReadyAsync();
        _emulator.SetApplicationTeam("Team Andy", _emulator.OwnerUserId, _emulator.AliceUserId, _emulator.BobUserId);
        _emulator.SetTeamMemberRole(_emulator.AliceUserId, "admin");
        _emulator.SetTeamMemberRole(_emulator.BobUserId, "read_only");

        IReadOnlyList<ulong> owners = await bot.GetApplicationOwnersAsync();

        // A read-only member may look at the app in the Developer Portal but must not run !reload.
        Assert.That(owners, Is.EquivalentTo(new[] { _emulator.OwnerUserId, _emulator.AliceUserId }));
    }

    [Test]
    public async Task InvalidToken_RestDiscoveryFailsWith401()
    {
        DiscordBot bot = CreateBot(token: "not-the-token");
        await bot.StartAsync();

        DiscordApiException? error = await Assert.ThrowsAsync<DiscordApiException>(() => bot.WaitUntilReadyAsync().WaitAsync(Guard));

        Assert.Multiple(() =>
        {
            Assert.That(error!.HttpStatus, Is.EqualTo(401));
            Assert.That(error.Message, Does.Contain("token is invalid"));
            Assert.That(bot.State, Is.EqualTo(DiscordConnectionState.Faulted));
        });
    }

    [Test]
    public async Task ZlibStream_On_ReadyAndMentionsWork()
    {
        (_, MessageInbox inbox) = await StartReadyAsync(compress: true);

        await _emulator.PostMessageAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, $"<@{_emulator.BotUserId}> compressed");
        DiscordMessage message = await inbox.NextAsync();

        Assert.That(message.Content, Does.EndWith("compressed"));
    }

    [Test]
    public async Task RestSurface_EditDeleteTypingGetOwnersLatency_RoundTrip()
    {
        (DiscordBot bot, _) = await StartReadyAsync();

        DiscordMessage sent = await bot.SendMessageAsync(_emulator.DefaultChannelId, new OutgoingMessage("draft"));
        DiscordMessage edited = await bot.EditMessageAsync(sent.ChannelId, sent.Id, "final <@" + _emulator.AliceUserId + ">");
        DiscordMessage? fetched = await bot.GetMessageAsync(sent.ChannelId, sent.Id);
        await bot.TriggerTypingAsync(sent.ChannelId);
        await using (bot.BeginTyping(sent.ChannelId))
        {
            await _emulator.WaitForRequestAsync(r => r.Path.EndsWith("/typing", StringComparison.Ordinal) && r.Method == "POST", Guard);
        }

        IReadOnlyList<ulong> owners = await bot.GetApplicationOwnersAsync();
        TimeSpan latency = await bot.MeasureRestLatencyAsync();
        await bot.DeleteMessageAsync(sent.ChannelId, sent.Id);
        DiscordMessage? gone = await bot.GetMessageAsync(sent.ChannelId, sent.Id);
        EmulatorMessage stored = _emulator.FindMessage(sent.Id)!;

        Assert.Multiple(() =>
        {
            Assert.That(edited.Content, Does.StartWith("final"));
            Assert.That(fetched?.Content, Is.EqualTo(edited.Content));
            Assert.That(stored.ContentHistory, Is.EqualTo(new[] { "draft", edited.Content }));
            Assert.That(stored.AllowedMentions?.Parse, Is.Not.Null.And.Empty, "edits set allowed_mentions too");
            Assert.That(stored.MentionedUserIds, Is.Empty);
            Assert.That(owners, Is.EqualTo(new[] { _emulator.OwnerUserId }));
            Assert.That(latency, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(gone, Is.Null);
        });
    }

    [Test]
    public async Task Stop_ClosesWith1000()
    {
        (DiscordBot bot, _) = await StartReadyAsync();

        await bot.StopAsync();
        await _emulator.WaitForNoConnectionsAsync(Guard);

        Assert.That(bot.State, Is.EqualTo(DiscordConnectionState.Stopped));
    }

    /// <summary>Collects delivered messages so the test can await them in order.</summary>
    private sealed class MessageInbox
    {
        private readonly ConcurrentQueue<DiscordMessage> _messages = new();
        private readonly Channel<bool> _available = Channel.CreateUnbounded<bool>();

        public int Count => _messages.Count;

        public ValueTask Handle(DiscordMessage message, CancellationToken cancellationToken)
        {
            _messages.Enqueue(message);
            _available.Writer.TryWrite(true);
            return ValueTask.CompletedTask;
        }

        public async Task<DiscordMessage> NextAsync()
        {
            using var timeout = new CancellationTokenSource(Guard);
            await _available.Reader.ReadAsync(timeout.Token);
            _messages.TryDequeue(out DiscordMessage? message);
            return message!;
        }

        /// <summary>The content of <see cref="NextAfterMarkerAsync"/>'s message.</summary>
        public const string Marker = "marker";

        /// <summary>
        /// Posts a marker mention and returns the next message delivered: the marker itself unless something posted
        /// earlier is delivered (again) first. One gateway connection dispatches in posting order and a subscriber
        /// gets its messages in dispatch order, so no wall-clock wait is needed to see a doubled delivery.
        /// </summary>
        public async Task<DiscordMessage> NextAfterMarkerAsync(DiscordEmulator emulator)
        {
            await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, $"<@{emulator.BotUserId}> {Marker}");
            return await NextAsync();
        }

        public Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, "the condition", Guard);
    }
}
