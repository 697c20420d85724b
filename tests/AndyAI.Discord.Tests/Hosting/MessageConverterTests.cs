using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Hosting;
using AndyAI.Discord.Json;

namespace AndyAI.Discord.Tests.Hosting;

public class MessageConverterTests
{
    private const ulong Bot = 42;
    private const ulong Role = 777;

    private static JsonMessage Message(string content, ulong? guild = 100, ulong author = 9, JsonUser[]? mentions = null, ulong[]? roles = null) => new()
    {
        Id = 1,
        ChannelId = 200,
        GuildId = guild,
        Author = new JsonUser { Id = author, Username = "u" },
        Content = content,
        Mentions = mentions ?? [],
        MentionRoles = roles ?? [],
    };

    [TestCase("<@42> hi", true)]
    [TestCase("<@!42> hi", true)]
    [TestCase("<@&777> hi", true)]
    [TestCase("<@43> hi", false)]
    [TestCase("42 is not a mention", false)]
    public void MentionsBot_ContentForms(string content, bool expected) =>
        Assert.That(MessageConverter.MentionsBot(Message(content), Bot, Role), Is.EqualTo(expected));

    [Test]
    public void Convert_InAThreadTheGatewayKnows_OrWithAPosition_IsInThread()
    {
        JsonMessage inKnownThread = Message("hi");
        JsonMessage withPosition = Message("hi");
        withPosition.Position = 3;
        JsonMessage plain = Message("hi");

        Assert.That(MessageConverter.Convert(inKnownThread, Bot, _ => null, _ => null, 0, threadParentOf: channel => channel == 200 ? 150UL : null).IsInThread, Is.True);
        Assert.That(MessageConverter.Convert(inKnownThread, Bot, _ => null, _ => null, 0, threadParentOf: channel => channel == 200 ? 150UL : null).ParentChannelId, Is.EqualTo(150));
        Assert.That(MessageConverter.Convert(withPosition, Bot, _ => null, _ => null, 0, threadParentOf: _ => null).IsInThread, Is.True,
            "Discord sets position only on thread messages, even in a thread the bot never saw created");
        Assert.That(MessageConverter.Convert(plain, Bot, _ => null, _ => null, 0, threadParentOf: _ => null).IsInThread, Is.False);
    }

    [Test]
    public void Classify_OwnMessage_OnlyForAll() =>
        Assert.That(MessageConverter.Classify(Message("<@42> !ping", author: Bot), Bot, Role, true, "!"), Is.EqualTo(MessageInterest.None));

    [Test]
    public void Classify_DmWithPrefix_IsDirectAndPrefixed() =>
        Assert.That(MessageConverter.Classify(Message("!help", guild: null), Bot, Role, false, "!"), Is.EqualTo(MessageInterest.DirectMessages | MessageInterest.Prefixed));

    [Test]
    public void Convert_ReplyWithReferencedMessage_MapsEverything()
    {
        JsonMessage wire = Message("<@&777> yes", mentions: [new JsonUser { Id = 5 }], roles: [Role]);
        wire.MessageReference = new JsonMessageReference { MessageId = 99 };
        wire.ReferencedMessage = Message("earlier", author: Bot);
        wire.ReferencedMessage.Id = 99;

        DiscordMessage message = MessageConverter.Convert(wire, Bot, _ => Role, _ => null, shardId: 3);

        Assert.Multiple(() =>
        {
            Assert.That(message.MentionsBot, Is.True);
            Assert.That(message.BotRoleId, Is.EqualTo(Role));
            Assert.That(message.MentionedUserIds, Is.EqualTo(new ulong[] { 5 }));
            Assert.That(message.MentionedRoleIds, Is.EqualTo(new ulong[] { Role }));
            Assert.That(message.ReferencedMessageId, Is.EqualTo(99UL));
            Assert.That(message.ReferencedMessage?.Author.Id, Is.EqualTo(Bot));
            Assert.That(message.ShardId, Is.EqualTo(3));
            Assert.That(message.IsDirectMessage, Is.False);
        });
    }
}
