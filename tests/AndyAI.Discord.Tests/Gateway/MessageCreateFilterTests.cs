using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Tests.Fakes;

namespace AndyAI.Discord.Tests.Gateway;

public class MessageCreateFilterTests
{
    private static MessageCreateFilter CreateSut(MessageInterest interests, ulong botId = 42, ulong? roleId = null)
    {
        var filter = new MessageCreateFilter("!");
        filter.SetInterests(interests);
        filter.SetBotUserId(botId);
        if (roleId is ulong r) filter.AddManagedRole(r);
        return filter;
    }

    private static byte[] Data(string content, bool guild = true) =>
        System.Text.Encoding.UTF8.GetBytes(GatewayShardTests.Message(1, content, guild ? "\"guild_id\":\"100\"," : ""));

    [TestCase("<@42> hi")]
    [TestCase("<@!42> hi")]
    [TestCase("\\u003C@42\\u003E escaped by System.Text.Json")]
    public void IsCandidate_MentionOfTheBot_True(string content) =>
        Assert.That(CreateSut(MessageInterest.Mentions).IsCandidate(Data(content)), Is.True);

    [Test]
    public void IsCandidate_ManagedRoleMention_True() =>
        Assert.That(CreateSut(MessageInterest.Mentions, roleId: 777).IsCandidate(Data("<@&777> hi")), Is.True);

    [TestCase(1)]
    [TestCase(1 | 2 | 4)]
    public void IsCandidate_PlainGuildMessage_False(int interests) =>
        Assert.That(CreateSut((MessageInterest)interests, roleId: 777).IsCandidate(Data("just chatting about <@43>")), Is.False);

    [Test]
    public void IsCandidate_Prefixed_TrueOnlyForPrefixInterest()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CreateSut(MessageInterest.Prefixed).IsCandidate(Data("!ping")), Is.True);
            Assert.That(CreateSut(MessageInterest.Mentions).IsCandidate(Data("!ping")), Is.False);
            Assert.That(CreateSut(MessageInterest.Prefixed).IsCandidate(Data("ping!")), Is.False);
        });
    }

    [Test]
    public void IsCandidate_DirectMessage_TrueWhenGuildIdAbsentOrNull()
    {
        MessageCreateFilter sut = CreateSut(MessageInterest.DirectMessages);
        byte[] nullGuild = System.Text.Encoding.UTF8.GetBytes(GatewayShardTests.Message(1, "hey", "\"guild_id\":null,"));

        Assert.Multiple(() =>
        {
            Assert.That(sut.IsCandidate(Data("hey", guild: false)), Is.True);
            Assert.That(sut.IsCandidate(nullGuild), Is.True);
            Assert.That(sut.IsCandidate(Data("hey", guild: true)), Is.False);
        });
    }

    [Test]
    public void IsCandidate_NoSubscribers_False_AllSubscribers_True()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CreateSut(MessageInterest.None).IsCandidate(Data("<@42>")), Is.False);
            Assert.That(CreateSut(MessageInterest.All).IsCandidate(Data("anything")), Is.True);
        });
    }

    [Test]
    public void IsCandidate_BeforeReady_LetsEverythingThroughForMentions()
    {
        var filter = new MessageCreateFilter("!");
        filter.SetInterests(MessageInterest.Mentions);

        Assert.That(filter.IsCandidate(Data("anything")), Is.True, "the bot id is unknown, so no mention may be dropped");
    }
}
