using System.Text;
using System.Text.Json;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

public class GatewayEnvelopeTests
{
    [TestCase("""{"t":"MESSAGE_CREATE","s":5,"op":0,"d":{"id":"1","x":[1,2]}}""")]
    [TestCase("""{"op":0,"d":{"id":"1","x":[1,2]},"s":5,"t":"MESSAGE_CREATE"}""")]
    [TestCase("""{ "t" : "MESSAGE_CREATE", "s": 5, "op": 0, "d": {"id":"1","x":[1,2]} }""")]
    public void Read_AnyFieldOrder_FindsOpSequenceNameAndData(string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);

        GatewayEnvelope envelope = GatewayEnvelope.Read(payload);

        Assert.Multiple(() =>
        {
            Assert.That(envelope.Op, Is.Zero);
            Assert.That(envelope.Sequence, Is.EqualTo(5));
            Assert.That(envelope.EventName, Is.EqualTo(GatewayEventName.MessageCreate));
            Assert.That(Encoding.UTF8.GetString(envelope.Data(payload)), Is.EqualTo("""{"id":"1","x":[1,2]}"""));
        });
    }

    [Test]
    public void Read_UnknownEventAndExtraFields_AreTolerated()
    {
        byte[] payload = Encoding.UTF8.GetBytes("""{"t":"SOMETHING_NEW","extra":{"a":1},"s":9,"op":0,"d":null}""");

        GatewayEnvelope envelope = GatewayEnvelope.Read(payload);

        Assert.That(envelope.EventName, Is.EqualTo(GatewayEventName.Unknown));
    }

    [Test]
    public void Read_NotAnObject_Throws() =>
        Assert.Throws<JsonException>(() => GatewayEnvelope.Read("[1,2]"u8));

    [Test]
    public void WriteHeartbeat_WithAndWithoutSequence()
    {
        byte[] buffer = new byte[32];

        string withSeq = Encoding.UTF8.GetString(buffer, 0, GatewayShard.WriteHeartbeat(buffer, 251));
        string without = Encoding.UTF8.GetString(buffer, 0, GatewayShard.WriteHeartbeat(buffer, null));

        Assert.Multiple(() =>
        {
            Assert.That(withSeq, Is.EqualTo("""{"op":1,"d":251}"""));
            Assert.That(without, Is.EqualTo("""{"op":1,"d":null}"""));
        });
    }
}
