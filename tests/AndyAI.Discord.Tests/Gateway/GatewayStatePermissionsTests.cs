using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

/// <summary>The guild-level permissions the host computes for prefix commands (<c>!settings</c>) from what GUILD_CREATE and role events said.</summary>
public sealed class GatewayStatePermissionsTests
{
    private const ulong Guild = 10;
    private const ulong Owner = 1;
    private const ulong Member = 2;
    private const ulong Mods = 20;
    private const ulong ManageGuild = 1 << 5;
    private const ulong SendMessages = 1 << 11;

    private static GatewayState CreateSut()
    {
        var state = new GatewayState();
        state.SetGuildPermissions(Guild, Owner, [(Guild, SendMessages), (Mods, ManageGuild)]);
        return state;
    }

    [Test]
    public void MemberPermissions_AreEveryonesOrTheirRoles_AllForTheOwner_UnknownGuildNull()
    {
        GatewayState state = CreateSut();

        Assert.That(state.MemberPermissions(Guild, Member, []), Is.EqualTo(SendMessages));
        Assert.That(state.MemberPermissions(Guild, Member, [Mods, 99]), Is.EqualTo(SendMessages | ManageGuild));
        Assert.That(state.MemberPermissions(Guild, Owner, []), Is.EqualTo(ulong.MaxValue));
        Assert.That(state.MemberPermissions(Guild + 1, Member, []), Is.Null);
    }

    [Test]
    public void RoleUpdate_ChangesWhatItGrants()
    {
        GatewayState state = CreateSut();

        state.SetRolePermissions(Guild, Mods, 0);
        state.SetRolePermissions(Guild, 30, ManageGuild);

        Assert.That(state.MemberPermissions(Guild, Member, [Mods]), Is.EqualTo(SendMessages));
        Assert.That(state.MemberPermissions(Guild, Member, [30]), Is.EqualTo(SendMessages | ManageGuild));
    }
}
