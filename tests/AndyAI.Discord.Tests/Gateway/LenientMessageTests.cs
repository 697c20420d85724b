using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Json;
using AndyAI.Discord.Tests.Fakes;

namespace AndyAI.Discord.Tests.Gateway;

/// <summary>
/// MESSAGE_CREATE variants seen from Discord-compatible servers or that Discord may send tomorrow: every one is
/// delivered; only an unreadable id, channel id or author loses the event.
/// </summary>
public sealed class LenientMessageTests
{
    private const string Required = """ "id":"77","channel_id":"200","author":{"id":"9","username":"u"} """;

    [TestCase("""{"channel_id":"","guild_id":"","message_id":"5"}""", TestName = "EmptyStringSnowflakes")]
    [TestCase("""{"channel_id":null,"message_id":null}""", TestName = "NullSnowflakes")]
    [TestCase("""{"channel_id":"abc","message_id":5}""", TestName = "MalformedSnowflakeAndNumberForString")]
    [TestCase("\"not an object\"", TestName = "WrongTypeForObject")]
    public async Task MessageReferenceVariant_MessageDelivered(string reference)
    {
        JsonMessage message = await DeliverAsync($$"""{{{Required}},"content":"hi","message_reference":{{reference}}}""");

        Assert.That(message.Id, Is.EqualTo(77UL));
    }

    [TestCase(""" "type":999, "flags":1234567 """, TestName = "UnknownEnumValues")]
    [TestCase(""" "type":"weird", "mention_everyone":"yes" """, TestName = "WrongTypes")]
    [TestCase(""" "guild_id":"", "webhook_id":"", "timestamp":"", "edited_timestamp":"never" """, TestName = "EmptyAndMalformedOptionals")]
    [TestCase(""" "content":12345, "mentions":{}, "mention_roles":["", "7", null] """, TestName = "NumbersWhereStringsAreExpected")]
    [TestCase(""" "brand_new_field":{"nested":[1,2,3]}, "referenced_message":null """, TestName = "ExtraFieldsAndNulls")]
    [TestCase(""" "mentions":null, "mention_roles":null, "message_reference":null """, TestName = "MissingOptionalObjects")]
    public async Task Variant_MessageDelivered(string fields)
    {
        JsonMessage message = await DeliverAsync($$"""{{{Required}},{{fields}}}""");

        Assert.Multiple(() =>
        {
            Assert.That(message.Id, Is.EqualTo(77UL));
            Assert.That(message.ChannelId, Is.EqualTo(200UL));
            Assert.That(message.Author!.Id, Is.EqualTo(9UL));
        });
    }

    [Test]
    public async Task EmptyGuildId_CountsAsDirectMessage_ForTheFastFilter()
    {
        JsonMessage message = await DeliverAsync($$"""{{{Required}},"guild_id":"","content":"hi"}""", MessageInterest.DirectMessages);

        Assert.That(message.GuildId, Is.Null);
    }

    private static async Task<JsonMessage> DeliverAsync(string data, MessageInterest interests = MessageInterest.All)
    {
        await using var h = new ShardHarness(interests: interests);
        FakeGatewayConnection connection = await h.ConnectReadyAsync();

        connection.Dispatch("MESSAGE_CREATE", 2, data);
        GatewayEvent e = await h.NextEventAsync(GatewayEventKind.MessageCreate);

        Assert.That(connection.ClosedWith, Is.Null, "no reconnect for a readable message");
        return e.Message!;
    }
}
