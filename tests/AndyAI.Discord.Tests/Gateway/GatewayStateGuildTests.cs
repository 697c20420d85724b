using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

/// <summary>Which channels and roles a guild has, as GUILD_CREATE and the channel, thread and role events said (for settings that name them).</summary>
public sealed class GatewayStateGuildTests
{
    private const ulong Guild = 10;
    private const ulong General = 100;
    private const ulong Members = 20;

    private static GatewayState CreateSut()
    {
        var state = new GatewayState();
        state.AddGuild(Guild);
        state.SetGuildPermissions(Guild, ownerId: 1, [(Guild, 0), (Members, 0)]);
        state.SetChannelGuild(General, Guild);
        state.AddThread(101, Guild, General);
        return state;
    }

    [Test]
    public void HasChannelAndHasRole_OnlyTheGuildsOwn_NullForAGuildNotSeen()
    {
        GatewayState state = CreateSut();
        state.SetChannelGuild(200, Guild + 1);

        Assert.Multiple(() =>
        {
            Assert.That((state.HasChannel(Guild, General), state.HasChannel(Guild, 101)), Is.EqualTo((true, true)), "a channel and a thread");
            Assert.That(state.HasChannel(Guild, 200), Is.False, "another guild's channel");
            Assert.That(state.HasChannel(Guild, 123), Is.False);
            Assert.That((state.HasRole(Guild, Members), state.HasRole(Guild, Guild)), Is.EqualTo((true, true)), "a role and @everyone");
            Assert.That(state.HasRole(Guild, 123), Is.False);
            Assert.That((state.HasChannel(Guild + 2, General), state.HasRole(Guild + 2, Members)), Is.EqualTo(((bool?)null, (bool?)null)), "no GUILD_CREATE: unknown");
        });
    }

    [Test]
    public void ChannelAndRoleEvents_AddAndRemove_GuildDeleteForgetsAll()
    {
        GatewayState state = CreateSut();

        state.SetChannelGuild(102, Guild);
        state.SetRolePermissions(Guild, 21, 0);
        state.RemoveChannel(General);
        state.RemoveRole(Guild, Members);

        Assert.That((state.HasChannel(Guild, 102), state.HasRole(Guild, 21)), Is.EqualTo((true, true)), "created after GUILD_CREATE");
        Assert.That((state.HasChannel(Guild, General), state.HasRole(Guild, Members)), Is.EqualTo((false, false)), "deleted");

        state.RemoveGuild(Guild);

        Assert.That((state.HasChannel(Guild, 102), state.HasRole(Guild, 21)), Is.EqualTo(((bool?)null, (bool?)null)), "the bot left: nothing known");
    }
}
