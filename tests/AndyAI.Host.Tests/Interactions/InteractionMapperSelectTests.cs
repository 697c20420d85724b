using AndyAI.Abstractions.Interactions;
using AndyAI.Discord.Interactions;
using AndyAI.Host.Interactions;

namespace AndyAI.Host.Tests.Interactions;

/// <summary>
/// Contract 1.6's select menus as the client sends them: each kind becomes its Discord component type in a row of
/// its own, with the cog's namespaced id, pick counts and channel filter; and the builders refuse what Discord would.
/// </summary>
public sealed class InteractionMapperSelectTests
{
    private static MessageComponent Sent(InteractionComponent component) =>
        InteractionMapper.ToMessage("Roles", new InteractionReply("pick") { Components = [component] }).Components!.Single().Components!.Single();

    [Test]
    public void EachSelectKind_IsSentAsItsDiscordType_WithPickCounts()
    {
        MessageComponent users = Sent(InteractionComponent.UserSelect("who", minValues: 0, maxValues: 3, placeholder: "Members"));
        MessageComponent roles = Sent(InteractionComponent.RoleSelect("roles", maxValues: 25));
        MessageComponent mentionables = Sent(InteractionComponent.MentionableSelect("ping"));
        MessageComponent channels = Sent(InteractionComponent.ChannelSelect("where", channelTypes: [0, 5], minValues: 1, maxValues: 2));
        MessageComponent strings = Sent(InteractionComponent.Select("colour", [new("Red", "red"), new("Blue", "blue")], minValues: 0, maxValues: 2));

        Assert.That((users.Type, users.CustomId, users.MinValues, users.MaxValues, users.Placeholder, users.ChannelTypes),
            Is.EqualTo((ComponentType.UserSelect, "Roles:who", 0, 3, "Members", (IReadOnlyList<int>?)null)));
        Assert.That((roles.Type, roles.MinValues, roles.MaxValues), Is.EqualTo((ComponentType.RoleSelect, 1, 25)));
        Assert.That((mentionables.Type, mentionables.MinValues, mentionables.MaxValues), Is.EqualTo((ComponentType.MentionableSelect, 1, 1)));
        Assert.That((channels.Type, channels.MinValues, channels.MaxValues), Is.EqualTo((ComponentType.ChannelSelect, 1, 2)));
        Assert.That(channels.ChannelTypes, Is.EqualTo(new[] { 0, 5 }));
        Assert.That((strings.Type, strings.MinValues, strings.MaxValues, strings.SelectOptions!.Count), Is.EqualTo((ComponentType.StringSelect, 0, 2, 2)));
    }

    [Test]
    public void StringSelect_TheOriginalOverload_StillPicksOne()
    {
        InteractionComponent select = InteractionComponent.Select("colour", [new("Red", "red")], "Pick one");

        MessageComponent sent = Sent(select);

        Assert.That((select.Kind, select.MinValues, select.MaxValues, select.IsSelect), Is.EqualTo((InteractionComponentKind.Select, 1, 1, true)));
        Assert.That((sent.MinValues, sent.MaxValues, sent.Placeholder), Is.EqualTo((1, 1, "Pick one")));
    }

    [Test]
    public void Selects_EachFillsItsOwnRow_BesideButtons()
    {
        IReadOnlyList<MessageComponent> rows = InteractionMapper.ToMessage("Roles", new InteractionReply("pick")
        {
            Components = [InteractionComponent.Button("ok", "OK"), InteractionComponent.UserSelect("who"), InteractionComponent.ChannelSelect("where")],
        }).Components!;

        Assert.That(rows.Select(r => r.Components!.Single().Type), Is.EqualTo(new[] { ComponentType.Button, ComponentType.UserSelect, ComponentType.ChannelSelect }));
    }

    [TestCase(-1, 1, "minValues", TestName = "Builders_PickCountsDiscordRefuses_Throw(min below 0)")]
    [TestCase(26, 26, "minValues", TestName = "Builders_PickCountsDiscordRefuses_Throw(min over 25)")]
    [TestCase(0, 0, "maxValues", TestName = "Builders_PickCountsDiscordRefuses_Throw(max below 1)")]
    [TestCase(1, 26, "maxValues", TestName = "Builders_PickCountsDiscordRefuses_Throw(max over 25)")]
    [TestCase(3, 2, "maxValues", TestName = "Builders_PickCountsDiscordRefuses_Throw(min over max)")]
    public void Builders_PickCountsDiscordRefuses_Throw(int min, int max, string parameter)
    {
        Func<InteractionComponent>[] builders =
        [
            () => InteractionComponent.Select("s", [new("A", "a")], min, max),
            () => InteractionComponent.UserSelect("u", min, max),
            () => InteractionComponent.RoleSelect("r", min, max),
            () => InteractionComponent.MentionableSelect("m", min, max),
            () => InteractionComponent.ChannelSelect("c", null, min, max),
        ];

        foreach (Func<InteractionComponent> build in builders)
        {
            Assert.That(() => build(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(parameter));
        }
    }

    [Test]
    public void ChannelSelect_AChannelTypeDiscordDoesNotHave_Throws()
    {
        Assert.That(() => InteractionComponent.ChannelSelect("c", [0, 6]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("channel types"));
        Assert.That(InteractionComponent.ChannelSelect("c", [0, 2, 15]).ChannelTypes, Is.EqualTo(new[] { 0, 2, 15 }));
    }

    [Test]
    public void EntitySelects_WithoutAnId_Throw()
    {
        Assert.Throws<ArgumentException>(() => InteractionComponent.UserSelect(""));
        Assert.Throws<ArgumentNullException>(() => InteractionComponent.ChannelSelect(null!));
    }
}
