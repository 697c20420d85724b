using AndyAI.Abstractions.Interactions;
using AndyAI.Discord.Interactions;
using AndyAI.Host.Interactions;

namespace AndyAI.Host.Tests.Interactions;

/// <summary>
/// Contract 1.7's select default values (<see cref="InteractionComponent.WithDefaultValues"/>): the builder refuses
/// what Discord refuses (a value of a type the menu does not offer, a count outside the pick range, a button or string
/// select), and the client sends what it accepts as Discord's <c>default_values</c>.
/// </summary>
public sealed class InteractionMapperSelectDefaultsTests
{
    private static MessageComponent Sent(InteractionComponent component) =>
        InteractionMapper.ToMessage("Roles", new InteractionReply("pick") { Components = [component] }).Components!.Single().Components!.Single();

    [Test]
    public void EachEntitySelect_DefaultValues_AreSentWithTheirType()
    {
        MessageComponent users = Sent(InteractionComponent.UserSelect("who", 0, 3).WithDefaultValues(InteractionSelectDefault.User(7), InteractionSelectDefault.User(8)));
        MessageComponent roles = Sent(InteractionComponent.RoleSelect("roles").WithDefaultValues(InteractionSelectDefault.Role(9)));
        MessageComponent any = Sent(InteractionComponent.MentionableSelect("ping", maxValues: 2).WithDefaultValues(InteractionSelectDefault.Role(9), InteractionSelectDefault.User(7)));
        MessageComponent where = Sent(InteractionComponent.ChannelSelect("where", [0]).WithDefaultValues(InteractionSelectDefault.Channel(41)));

        Assert.That(users.DefaultValues, Is.EqualTo(new[] { new SelectDefaultValue(7, SelectDefaultValueType.User), new SelectDefaultValue(8, SelectDefaultValueType.User) }));
        Assert.That(roles.DefaultValues, Is.EqualTo(new[] { new SelectDefaultValue(9, SelectDefaultValueType.Role) }));
        Assert.That(any.DefaultValues, Is.EqualTo(new[] { new SelectDefaultValue(9, SelectDefaultValueType.Role), new SelectDefaultValue(7, SelectDefaultValueType.User) }));
        Assert.That((where.DefaultValues, where.ChannelTypes), Is.EqualTo((new[] { new SelectDefaultValue(41, SelectDefaultValueType.Channel) }, new[] { 0 })));
    }

    [Test]
    public void WithDefaultValues_SameEntryTwice_KeepsItOnceAndCountsItOnce()
    {
        // A pick-1 menu: the repeated entry must not count twice against maxValues.
        InteractionComponent menu = InteractionComponent.UserSelect("who").WithDefaultValues(InteractionSelectDefault.User(7), InteractionSelectDefault.User(7));
        InteractionComponent both = InteractionComponent.MentionableSelect("ping", maxValues: 2)
            .WithDefaultValues(InteractionSelectDefault.Role(9), InteractionSelectDefault.User(7), InteractionSelectDefault.Role(9));

        Assert.Multiple(() =>
        {
            Assert.That(menu.DefaultValues, Is.EqualTo(new[] { InteractionSelectDefault.User(7) }));
            Assert.That(Sent(menu).DefaultValues, Is.EqualTo(new[] { new SelectDefaultValue(7, SelectDefaultValueType.User) }));
            Assert.That(both.DefaultValues, Is.EqualTo(new[] { InteractionSelectDefault.Role(9), InteractionSelectDefault.User(7) }), "first places kept");
        });
    }

    [Test]
    public void WithDefaultValues_ReturnsACopy_TheMenuIsUnchanged()
    {
        InteractionComponent menu = InteractionComponent.ChannelSelect("where", [0, 5], 0, 2, "Log channel");

        InteractionComponent withDefault = menu.WithDefaultValues(InteractionSelectDefault.Channel(41));
        InteractionComponent cleared = withDefault.WithDefaultValues();

        Assert.That(menu.DefaultValues, Is.Empty);
        Assert.That((withDefault.Kind, withDefault.CustomId, withDefault.Placeholder, withDefault.MinValues, withDefault.MaxValues, withDefault.ChannelTypes),
            Is.EqualTo((InteractionComponentKind.ChannelSelect, "where", "Log channel", 0, 2, (IReadOnlyList<int>)[0, 5])));
        Assert.That(withDefault.DefaultValues.Single(), Is.EqualTo(InteractionSelectDefault.Channel(41)));
        Assert.That((cleared.DefaultValues, Sent(cleared).DefaultValues), Is.EqualTo((Array.Empty<InteractionSelectDefault>(), (IReadOnlyList<SelectDefaultValue>?)null)));
    }

    [Test]
    public void SelectsWithoutDefaults_SendNone()
    {
        Assert.That(Sent(InteractionComponent.UserSelect("who")).DefaultValues, Is.Null);
    }

    [TestCase(InteractionComponentKind.UserSelect, InteractionSelectDefaultKind.Role, "users", TestName = "WithDefaultValues_OfAKindTheMenuDoesNotOffer_Throws(role on a user select)")]
    [TestCase(InteractionComponentKind.UserSelect, InteractionSelectDefaultKind.Channel, "users", TestName = "WithDefaultValues_OfAKindTheMenuDoesNotOffer_Throws(channel on a user select)")]
    [TestCase(InteractionComponentKind.RoleSelect, InteractionSelectDefaultKind.User, "roles", TestName = "WithDefaultValues_OfAKindTheMenuDoesNotOffer_Throws(user on a role select)")]
    [TestCase(InteractionComponentKind.MentionableSelect, InteractionSelectDefaultKind.Channel, "users or roles", TestName = "WithDefaultValues_OfAKindTheMenuDoesNotOffer_Throws(channel on a mentionable select)")]
    [TestCase(InteractionComponentKind.ChannelSelect, InteractionSelectDefaultKind.Role, "channels", TestName = "WithDefaultValues_OfAKindTheMenuDoesNotOffer_Throws(role on a channel select)")]
    public void WithDefaultValues_OfAKindTheMenuDoesNotOffer_Throws(InteractionComponentKind kind, InteractionSelectDefaultKind valueKind, string offered)
    {
        InteractionComponent menu = kind switch
        {
            InteractionComponentKind.UserSelect => InteractionComponent.UserSelect("m"),
            InteractionComponentKind.RoleSelect => InteractionComponent.RoleSelect("m"),
            InteractionComponentKind.MentionableSelect => InteractionComponent.MentionableSelect("m"),
            _ => InteractionComponent.ChannelSelect("m"),
        };

        Assert.That(() => menu.WithDefaultValues(new InteractionSelectDefault(5, valueKind)),
            Throws.ArgumentException.With.Message.Contains($"default values are {offered}; default value 0 is a {valueKind.ToString().ToLowerInvariant()} (5)"));
    }

    [TestCase(1, 1, 2, TestName = "WithDefaultValues_CountOutsideThePicks_Throws(2 on a pick-1 menu)")]
    [TestCase(2, 4, 1, TestName = "WithDefaultValues_CountOutsideThePicks_Throws(1 on a pick-2-to-4 menu)")]
    public void WithDefaultValues_CountOutsideThePicks_Throws(int min, int max, int count)
    {
        InteractionSelectDefault[] values = [.. Enumerable.Range(1, count).Select(i => InteractionSelectDefault.Role((ulong)i))];

        Assert.That(() => InteractionComponent.RoleSelect("r", min, max).WithDefaultValues(values),
            Throws.ArgumentException.With.Message.Contains($"picking {min} to {max} takes {min} to {max} default values").And.Message.Contains($"{count} given"));
    }

    [Test]
    public void WithDefaultValues_OnAButtonOrStringSelect_Throws()
    {
        Assert.That(() => InteractionComponent.Button("b", "B").WithDefaultValues(InteractionSelectDefault.User(7)), Throws.InvalidOperationException.With.Message.Contains("Button"));
        Assert.That(() => InteractionComponent.Select("s", [new("A", "a")]).WithDefaultValues(), Throws.InvalidOperationException.With.Message.Contains("Select"));
    }

    [Test]
    public void SelectDefault_WithoutAnId_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionSelectDefault.User(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new InteractionSelectDefault(1, (InteractionSelectDefaultKind)7));
    }
}
