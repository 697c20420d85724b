using System.Text;
using System.Text.Json;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

public class GatewayEnvelopeFastPathTests
{
    // Each case is read by the dispatch fast path or falls back to the JSON reader; both must agree with a full parse.
    [TestCase("""{"t":"MESSAGE_CREATE","s":5,"op":0,"d":{"id":"1","x":[1,2]}}""")]
    [TestCase("""{"t":"MESSAGE_CREATE","s":2147483647,"op":0,"d":{"id":"1"}}  """)]
    [TestCase("""{"t":"READY","s":1,"op":0,"d":{"v":10} }""")]
    [TestCase("""{"t":"GUILD_CREATE","s":12,"op":0,"d":{}}""")]
    [TestCase("""{"t":"SOMETHING_NEW","s":3,"op":0,"d":{"a":{"b":[]}}}""")]
    [TestCase("""{"t":"MESSAGE_\u0043REATE","s":5,"op":0,"d":{"id":"1"}}""")]
    [TestCase("""{"t":"RESUMED","s":7,"op":0,"d":{"_trace":["x"]}}""")]
    [TestCase("""{"t":null,"s":null,"op":11,"d":null}""")]
    [TestCase("""{"t":null,"s":null,"op":10,"d":{"heartbeat_interval":41250}}""")]
    [TestCase("""{"t":"MESSAGE_CREATE","s":5,"op":0,"d":[1]}""")]
    [TestCase("""{"op":0,"s":5,"t":"MESSAGE_CREATE","d":{"id":"1"}}""")]
    public void Read_AgreesWithAFullParse(string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        using JsonDocument document = JsonDocument.Parse(payload);
        JsonElement root = document.RootElement;

        GatewayEnvelope envelope = GatewayEnvelope.Read(payload);

        string? name = root.GetProperty("t").GetString();
        GatewayEventName expectedName = name switch
        {
            null => GatewayEventName.None,
            "MESSAGE_CREATE" => GatewayEventName.MessageCreate,
            "READY" => GatewayEventName.Ready,
            "RESUMED" => GatewayEventName.Resumed,
            "GUILD_CREATE" => GatewayEventName.GuildCreate,
            _ => GatewayEventName.Unknown,
        };
        JsonElement seq = root.GetProperty("s");
        int? expectedSequence = seq.ValueKind == JsonValueKind.Null ? null : seq.GetInt32();
        Assert.Multiple(() =>
        {
            Assert.That(envelope.Op, Is.EqualTo(root.GetProperty("op").GetInt32()));
            Assert.That(envelope.Sequence, Is.EqualTo(expectedSequence));
            Assert.That(envelope.EventName, Is.EqualTo(expectedName));
            Assert.That(Encoding.UTF8.GetString(envelope.Data(payload)), Is.EqualTo(root.GetProperty("d").GetRawText()));
        });
    }

    [Test]
    public void Read_SequenceBeyondInt32_Throws() =>
        Assert.Throws<FormatException>(() => GatewayEnvelope.Read("""{"t":"X","s":2147483648,"op":0,"d":{}}"""u8));

    [Test]
    public void Read_DispatchWithoutClosingBrace_Throws() =>
        Assert.Throws<JsonException>(() => GatewayEnvelope.Read("""{"t":"MESSAGE_CREATE","s":5,"op":0,"d":{"id":"1"} x"""u8));
}
