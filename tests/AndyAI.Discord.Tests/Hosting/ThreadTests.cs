using System.Threading.Channels;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Hosting;
using AndyAI.Emulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Discord.Tests.Hosting;

/// <summary>
/// Threads against the emulator: the bot learns them from GUILD_CREATE's threads and from THREAD_CREATE, and a message
/// posted in one arrives with <see cref="DiscordMessage.IsInThread"/> (contract 1.3); its replies go to the thread.
/// </summary>
[NonParallelizable]
public class ThreadTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private DiscordEmulator _emulator = null!;
    private DiscordBot _bot = null!;
    private readonly Channel<DiscordMessage> _received = Channel.CreateUnbounded<DiscordMessage>();
    private ulong _threadBeforeConnect;

    [SetUp]
    public async Task SetUp()
    {
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(500) });
        _threadBeforeConnect = _emulator.CreateThread(_emulator.DefaultChannelId, "older thread");
        var options = new DiscordClientOptions { Token = _emulator.BotToken, ApiBaseUrl = _emulator.RestBaseUrl };
        _bot = new DiscordBot(options, new SocketsHttpHandler(), new WebSocketGatewayConnectionFactory(TimeProvider.System), TimeProvider.System, NullLoggerFactory.Instance);
        _bot.SubscribeMessages(MessageInterest.All, async (message, ct) => await _received.Writer.WriteAsync(message, ct));
        await _bot.StartAsync();
        await _bot.WaitUntilReadyAsync().WaitAsync(Guard);
        await _emulator.WaitForFrameAsync(f => f.Direction == FrameDirection.Sent && f.EventName == "GUILD_CREATE", Guard);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bot.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task MessagesInThreads_AreInThread_InTheParentChannelNot()
    {
        ulong newThread = _emulator.CreateThread(_emulator.DefaultChannelId, "new thread", _emulator.AliceUserId);
        await _emulator.WaitForFrameAsync(f => f.Direction == FrameDirection.Sent && f.EventName == "THREAD_CREATE", Guard);

        DiscordMessage inNew = await PostAndReceiveAsync(newThread, "in the new thread");
        DiscordMessage inOlder = await PostAndReceiveAsync(_threadBeforeConnect, "in the older thread");
        DiscordMessage inParent = await PostAndReceiveAsync(_emulator.DefaultChannelId, "in the channel");
        DiscordMessage reply = await _bot.SendMessageAsync(newThread, new OutgoingMessage("answer in the thread") { ReplyToMessageId = inNew.Id }).WaitAsync(Guard);

        Assert.Multiple(() =>
        {
            Assert.That((inNew.IsInThread, inNew.ChannelId, inNew.GuildId), Is.EqualTo((true, newThread, (ulong?)_emulator.DefaultGuildId)));
            Assert.That(inNew.ParentChannelId, Is.EqualTo(_emulator.DefaultChannelId), "THREAD_CREATE's parent_id");
            Assert.That((inOlder.IsInThread, inOlder.ParentChannelId), Is.EqualTo((true, (ulong?)_emulator.DefaultChannelId)), "known from GUILD_CREATE's threads");
            Assert.That((inParent.IsInThread, inParent.ParentChannelId), Is.EqualTo((false, (ulong?)null)));
            Assert.That(_emulator.FindMessage(reply.Id)!.ChannelId, Is.EqualTo(newThread));
        });
    }

    [Test]
    public async Task DeletedThread_IsForgotten()
    {
        ulong thread = _emulator.CreateThread(_emulator.DefaultChannelId, "short-lived");
        await PostAndReceiveAsync(thread, "hello");

        _emulator.DeleteThread(thread);
        await _emulator.WaitForFrameAsync(f => f.Direction == FrameDirection.Sent && f.EventName == "THREAD_DELETE", Guard);
        await PostAndReceiveAsync(_emulator.DefaultChannelId, "a marker after the delete");

        Assert.That(_bot.GetStatus().Threads, Is.EqualTo(1), "only the older thread is left");
    }

    private async Task<DiscordMessage> PostAndReceiveAsync(ulong channelId, string content)
    {
        EmulatorMessage posted = await _emulator.PostMessageAsync(_emulator.AliceUserId, channelId, content);
        while (true)
        {
            DiscordMessage received = await _received.Reader.ReadAsync().AsTask().WaitAsync(Guard);
            if (received.Id == posted.Id)
            {
                return received;
            }
        }
    }
}
