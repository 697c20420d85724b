using System.Text.Json;
using AndyAI.Discord.Interactions;
using AndyAI.Discord.Json;

namespace AndyAI.Discord.Tests.Interactions;

/// <summary>
/// Auto-populated selects' <c>default_values</c> (https://discord.com/developers/docs/components/reference#user-select):
/// sent as Discord documents them, and refused in the builder when Discord would refuse the message with 50035.
/// </summary>
public class SelectDefaultValuesTests
{
    private static string Wire(MessageComponent component) => JsonSerializer.Serialize(InteractionConverter.ToJson(component), DiscordJsonContext.Default.JsonComponent);

    [Test]
    public void EntitySelect_DefaultValues_SentAsIdStringsWithTheirType()
    {
        MessageComponent menu = MessageComponent.EntitySelect(ComponentType.MentionableSelect, "who", maxValues: 2,
            defaultValues: [new SelectDefaultValue(53908232506183680, SelectDefaultValueType.User), new SelectDefaultValue(7, SelectDefaultValueType.Role)]);

        using JsonDocument sent = JsonDocument.Parse(Wire(menu));

        Assert.That(sent.RootElement.GetProperty("default_values").ToString(),
            Is.EqualTo("""[{"id":"53908232506183680","type":"user"},{"id":"7","type":"role"}]"""));
    }

    [TestCase(ComponentType.ChannelSelect, SelectDefaultValueType.Channel, "channel")]
    [TestCase(ComponentType.RoleSelect, SelectDefaultValueType.Role, "role")]
    public void EntitySelect_OneDefaultOfItsType_IsSent(ComponentType type, SelectDefaultValueType valueType, string wireType)
    {
        MessageComponent menu = MessageComponent.EntitySelect(type, "m", channelTypes: type == ComponentType.ChannelSelect ? [0] : null, defaultValues: [new SelectDefaultValue(41771983423143937, valueType)]);

        using JsonDocument sent = JsonDocument.Parse(Wire(menu));

        Assert.That(sent.RootElement.GetProperty("default_values")[0].GetProperty("type").GetString(), Is.EqualTo(wireType));
    }

    [Test]
    public void EntitySelect_NoDefaultValues_SendsNoField()
    {
        string none = Wire(MessageComponent.EntitySelect(ComponentType.UserSelect, "u"));
        string empty = Wire(MessageComponent.EntitySelect(ComponentType.UserSelect, "u", defaultValues: []));

        Assert.That((none.Contains("default_values", StringComparison.Ordinal), empty.Contains("default_values", StringComparison.Ordinal)), Is.EqualTo((false, false)));
    }

    [TestCase(ComponentType.UserSelect, SelectDefaultValueType.Role, "\"user\"", TestName = "EntitySelect_DefaultOfAnotherType_Throws(role on a user select)")]
    [TestCase(ComponentType.UserSelect, SelectDefaultValueType.Channel, "\"user\"", TestName = "EntitySelect_DefaultOfAnotherType_Throws(channel on a user select)")]
    [TestCase(ComponentType.RoleSelect, SelectDefaultValueType.User, "\"role\"", TestName = "EntitySelect_DefaultOfAnotherType_Throws(user on a role select)")]
    [TestCase(ComponentType.MentionableSelect, SelectDefaultValueType.Channel, "\"user\" or \"role\"", TestName = "EntitySelect_DefaultOfAnotherType_Throws(channel on a mentionable select)")]
    [TestCase(ComponentType.ChannelSelect, SelectDefaultValueType.User, "\"channel\"", TestName = "EntitySelect_DefaultOfAnotherType_Throws(user on a channel select)")]
    public void EntitySelect_DefaultOfAnotherType_Throws(ComponentType type, SelectDefaultValueType valueType, string allowed)
    {
        var refused = Assert.Throws<ArgumentException>(() => MessageComponent.EntitySelect(type, "m", defaultValues: [new SelectDefaultValue(5, valueType)]));

        Assert.That(refused!.ParamName, Is.EqualTo("defaultValues"));
        Assert.That(refused.Message, Does.Contain("of type " + allowed).And.Contain("default value 0 (5)"));
    }

    [TestCase(1, 1, 2, TestName = "EntitySelect_DefaultCountOutsidePicks_Throws(2 on a pick-1 menu)")]
    [TestCase(2, 3, 1, TestName = "EntitySelect_DefaultCountOutsidePicks_Throws(1 on a pick-2-to-3 menu)")]
    public void EntitySelect_DefaultCountOutsidePicks_Throws(int min, int max, int count)
    {
        SelectDefaultValue[] values = [.. Enumerable.Range(1, count).Select(i => new SelectDefaultValue((ulong)i, SelectDefaultValueType.User))];

        var refused = Assert.Throws<ArgumentException>(() => MessageComponent.EntitySelect(ComponentType.UserSelect, "u", minValues: min, maxValues: max, defaultValues: values));

        Assert.That(refused!.Message, Does.Contain($"within min_values..max_values ({min}..{max}); {count} given"));
    }

    [Test]
    public void EntitySelect_SameDefaultTwice_IsSentOnceAndCountedOnce()
    {
        // Discord documents no rule for a repeated entry: it is sent once, and a pick-1 menu still takes it.
        MessageComponent menu = MessageComponent.EntitySelect(ComponentType.UserSelect, "u",
            defaultValues: [new SelectDefaultValue(7, SelectDefaultValueType.User), new SelectDefaultValue(7, SelectDefaultValueType.User)]);

        Assert.That(menu.DefaultValues, Is.EqualTo(new[] { new SelectDefaultValue(7, SelectDefaultValueType.User) }));
    }

    [Test]
    public void EntitySelect_DefaultWithoutId_Throws()
    {
        Assert.Throws<ArgumentException>(() => MessageComponent.EntitySelect(ComponentType.UserSelect, "u", defaultValues: [new SelectDefaultValue(0, SelectDefaultValueType.User)]));
    }

    [Test]
    public void Component_DefaultValuesFromDiscord_AreRead()
    {
        // A message Discord sends back holds the menu as sent; an unknown type is kept as text, not a failure.
        JsonComponent read = JsonSerializer.Deserialize("""{"type":5,"custom_id":"u","default_values":[{"id":"7","type":"user"},{"id":8,"type":"group"}]}""",
            DiscordJsonContext.Default.JsonComponent)!;

        Assert.That(read.DefaultValues!.Select(v => (v.Id, v.Type)), Is.EqualTo(new[] { ((ulong?)7, "user"), ((ulong?)8, "group") }));
    }
}
