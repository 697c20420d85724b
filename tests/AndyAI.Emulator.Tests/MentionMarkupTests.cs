namespace AndyAI.Emulator.Tests;

/// <summary>What the client sends for a typed mention (the sandbox types through it).</summary>
public sealed class MentionMarkupTests
{
    [Test]
    public async Task MentionMarkupFor_InTheGuild_MembersBeforeRolesThenChannelsAnyCase()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        ulong guild = emulator.DefaultGuildId;
        ulong thread = emulator.CreateThread(emulator.DefaultChannelId, "help-thread");
        ulong stranger = emulator.CreateUser("stranger");

        Assert.Multiple(() =>
        {
            Assert.That(emulator.MentionMarkupFor(guild, "@AndyAI"), Is.EqualTo($"<@{emulator.BotUserId}>"),
                "the bot, not its managed role of the same name");
            Assert.That(emulator.MentionMarkupFor(guild, "@ALICE"), Is.EqualTo($"<@{emulator.AliceUserId}>"));
            Assert.That(emulator.MentionMarkupFor(guild, "@moderators"), Is.EqualTo($"<@&{emulator.ModeratorRoleId}>"));
            Assert.That(emulator.MentionMarkupFor(guild, "#General"), Is.EqualTo($"<#{emulator.DefaultChannelId}>"));
            Assert.That(emulator.MentionMarkupFor(guild, "#help-thread"), Is.EqualTo($"<#{thread}>"));
            Assert.That(emulator.MentionMarkupFor(guild, "@everyone"), Is.Null, "@everyone is sent as text");
            Assert.That(emulator.MentionMarkupFor(guild, "@here"), Is.Null);
            Assert.That(emulator.MentionMarkupFor(guild, "@stranger"), Is.Null, $"user {stranger} is not a member");
            Assert.That(emulator.MentionMarkupFor(guild, "#nowhere"), Is.Null);
            Assert.That(emulator.MentionMarkupFor(guild, "alice"), Is.Null, "no @ or #");
            Assert.That(emulator.MentionMarkupFor(guild, "@"), Is.Null);
        });
    }

    [Test]
    public async Task MentionMarkupFor_InADm_UsersOnly()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(emulator.MentionMarkupFor(null, "@AndyAI"), Is.EqualTo($"<@{emulator.BotUserId}>"));
            Assert.That(emulator.MentionMarkupFor(null, "@bob"), Is.EqualTo($"<@{emulator.BobUserId}>"));
            Assert.That(emulator.MentionMarkupFor(null, "#general"), Is.Null, "a DM suggests no guild's channels");
            Assert.That(emulator.MentionMarkupFor(null, "@Moderators"), Is.Null, "nor its roles");
        });
    }
}
