using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Hosting;
using AndyAI.Emulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Discord.Tests.Hosting;

/// <summary>
/// <see cref="OutgoingMessage.MentionUsers"/> (contract 1.3) lets a cog ping exactly the users it names, against the
/// emulator's reading of <c>allowed_mentions</c>: the other user, <c>@everyone</c> and roles in the same text stay silent.
/// </summary>
[NonParallelizable]
public class MentionUsersTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private DiscordEmulator _emulator = null!;
    private DiscordBot _bot = null!;

    [SetUp]
    public async Task SetUp()
    {
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(500) });
        var options = new DiscordClientOptions { Token = _emulator.BotToken, ApiBaseUrl = _emulator.RestBaseUrl };
        _bot = new DiscordBot(options, new SocketsHttpHandler(), new WebSocketGatewayConnectionFactory(TimeProvider.System), TimeProvider.System,
            NullLoggerFactory.Instance);
        await _bot.StartAsync();
        await _bot.WaitUntilReadyAsync().WaitAsync(Guard);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bot.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task MentionUsers_PingsOnlyThoseUsers_NeverEveryoneOrTheOthers()
    {
        string text = $"<@{_emulator.AliceUserId}> your reminder; <@{_emulator.BobUserId}> @everyone @here";

        DiscordMessage sent = await _bot.SendMessageAsync(_emulator.DefaultChannelId,
            new OutgoingMessage(text) { MentionUsers = [_emulator.AliceUserId, _emulator.AliceUserId] }).WaitAsync(Guard);
        EmulatorMessage recorded = _emulator.FindMessage(sent.Id)!;

        Assert.That(recorded.MentionedUserIds, Is.EqualTo(new[] { _emulator.AliceUserId }));
        Assert.That(recorded.MentionEveryone, Is.False);
        Assert.That(recorded.AllowedMentions!.Parse, Is.Empty);
        Assert.That(recorded.AllowedMentions.Users, Is.EqualTo(new[] { _emulator.AliceUserId }), "sent once, though named twice");
    }

    [Test]
    public async Task NoMentionUsers_PingsNobody()
    {
        DiscordMessage sent = await _bot.SendMessageAsync(_emulator.DefaultChannelId,
            new OutgoingMessage($"<@{_emulator.AliceUserId}> hello")).WaitAsync(Guard);

        Assert.That(_emulator.FindMessage(sent.Id)!.MentionedUserIds, Is.Empty);
    }

    [Test]
    public async Task MoreThanDiscordsLimit_IsRefusedBeforeSending()
    {
        ulong[] many = [.. Enumerable.Range(1, OutgoingMessage.MaxMentionUsers + 1).Select(i => (ulong)i)];

        await Assert.ThatAsync(() => _bot.SendMessageAsync(_emulator.DefaultChannelId, new OutgoingMessage("hi") { MentionUsers = many }),
            Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(_emulator.GetChannelMessages(_emulator.DefaultChannelId).Where(m => m.Content == "hi"), Is.Empty);
    }
}
