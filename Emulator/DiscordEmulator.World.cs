using AndyAI.Emulator.Gateway;
using AndyAI.Emulator.Payloads;
using AndyAI.Emulator.World;

namespace AndyAI.Emulator;

public sealed partial class DiscordEmulator
{
    /// <summary>The default guild ("AndyAI Test Guild").</summary>
    public ulong DefaultGuildId { get; private set; }
    /// <summary>The default guild's text channel ("general").</summary>
    public ulong DefaultChannelId { get; private set; }
    /// <summary>The bot's managed role in the default guild (<c>tags.bot_id</c> = <see cref="BotUserId"/>).</summary>
    public ulong BotRoleId { get; private set; }
    /// <summary>A role humans can have ("Moderators"); <see cref="OwnerUserId"/> has it.</summary>
    public ulong ModeratorRoleId { get; private set; }
    /// <summary>The application owner ("owner"), also the default guild's owner.</summary>
    public ulong OwnerUserId { get; private set; }
    /// <summary>A human member ("alice").</summary>
    public ulong AliceUserId { get; private set; }
    /// <summary>A human member ("bob").</summary>
    public ulong BobUserId { get; private set; }
    /// <summary>The human users of the default world, owner first.</summary>
    public IReadOnlyList<ulong> HumanUserIds => [OwnerUserId, AliceUserId, BobUserId];

    private void CreateDefaultWorld()
    {
        OwnerUserId = _world.CreateUser("owner", bot: false);
        AliceUserId = _world.CreateUser("alice", bot: false);
        BobUserId = _world.CreateUser("bob", bot: false);
        (DefaultGuildId, BotRoleId) = _world.CreateGuild("AndyAI Test Guild", OwnerUserId);
        DefaultChannelId = _world.CreateTextChannel(DefaultGuildId, "general");
        ModeratorRoleId = _world.CreateRole(DefaultGuildId, "Moderators");
        _world.AddMember(DefaultGuildId, OwnerUserId, [ModeratorRoleId]);
        _world.AddMember(DefaultGuildId, AliceUserId, []);
        _world.AddMember(DefaultGuildId, BobUserId, []);
        _world.SetOwner(OwnerUserId);
    }

    /// <summary>Creates a user. Add it to guilds with <see cref="AddMember"/>.</summary>
    public ulong CreateUser(string username, bool bot = false) => _world.CreateUser(username, bot);

    /// <summary>
    /// The name of the user, channel or role with this id, as Discord's client shows a mention of it (a user's
    /// username, a channel's or role's name, without the # or @); null when the emulator has none.
    /// </summary>
    public string? FindName(ulong id) => _world.FindName(id);

    /// <summary>
    /// What Discord's client sends for a mention typed as <paramref name="typed"/> (<c>@alice</c>, <c>@Moderators</c>,
    /// <c>#general</c>, any case) and picked from its suggestions: <c>&lt;@id&gt;</c>, <c>&lt;@&amp;id&gt;</c> or
    /// <c>&lt;#id&gt;</c>. In a guild it suggests the guild's members (first), roles and channels; in a DM
    /// (<paramref name="guildId"/> null) users. Null when nothing has that name: the text is sent as typed, as
    /// <c>@everyone</c> and <c>@here</c> are.
    /// </summary>
    public string? MentionMarkupFor(ulong? guildId, string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return _world.MentionMarkupFor(guildId, typed);
    }

    /// <summary>Creates a guild owned by <paramref name="ownerUserId"/> (default: <see cref="OwnerUserId"/>) with the bot and its
    /// managed role, and dispatches GUILD_CREATE to connected sessions. Returns the guild id; the bot role id is
    /// in <see cref="GetBotRoleId"/>.</summary>
    public ulong CreateGuild(string name, ulong? ownerUserId = null)
    {
        (ulong guildId, _) = _world.CreateGuild(name, ownerUserId ?? OwnerUserId);
        DispatchGuildCreate(guildId);
        return guildId;
    }

    /// <summary>The bot's managed role in <paramref name="guildId"/>.</summary>
    public ulong GetBotRoleId(ulong guildId) =>
        _world.GuildRolesJson(guildId)?.FirstOrDefault(r => r.Tags?.BotId is not null)?.Id
        ?? throw new ArgumentException($"Unknown guild {guildId}.", nameof(guildId));

    /// <summary>Creates a text channel and dispatches CHANNEL_CREATE.</summary>
    public ulong CreateTextChannel(ulong guildId, string name)
    {
        ulong id = _world.CreateTextChannel(guildId, name);
        if (_world.ChannelJson(id) is { } channel)
        {
            _hub.Dispatch(DispatchPayload.Of("CHANNEL_CREATE", GatewayIntentBits.Guilds, guildId, channel, EmulatorJson.Context.JsonChannel));
        }
        return id;
    }

    /// <summary>
    /// Starts a public thread in text channel <paramref name="parentChannelId"/> (by <paramref name="ownerUserId"/>, the
    /// default guild's owner when null) and dispatches THREAD_CREATE (<c>newly_created</c>), as Discord does to members
    /// who can see the parent. Messages are posted in it by its id, like a channel's; they carry <c>position</c>.
    /// </summary>
    public ulong CreateThread(ulong parentChannelId, string name, ulong? ownerUserId = null)
    {
        ulong id = _world.CreateThread(parentChannelId, name, ownerUserId ?? OwnerUserId);
        if (_world.ChannelJson(id) is { } thread)
        {
            thread.NewlyCreated = true;
            ulong guildId = ulong.Parse(thread.GuildId!, System.Globalization.CultureInfo.InvariantCulture);
            _hub.Dispatch(DispatchPayload.Of("THREAD_CREATE", GatewayIntentBits.Guilds, guildId, thread, EmulatorJson.Context.JsonChannel));
        }

        return id;
    }

    /// <summary>Deletes a thread and dispatches THREAD_DELETE (id, guild_id, parent_id, type only, as Discord sends).</summary>
    public void DeleteThread(ulong threadId)
    {
        if (_world.DeleteThread(threadId) is not (ulong guildId, ulong parentId))
        {
            throw new ArgumentException($"There is no thread {threadId}.", nameof(threadId));
        }

        var deleted = new JsonChannel
        {
            Id = threadId,
            Type = 11,
            GuildId = guildId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ParentId = parentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _hub.Dispatch(DispatchPayload.Of("THREAD_DELETE", GatewayIntentBits.Guilds, guildId, deleted, EmulatorJson.Context.JsonChannel));
    }

    /// <summary>Creates a role and dispatches GUILD_ROLE_CREATE.</summary>
    public ulong CreateRole(ulong guildId, string name)
    {
        ulong id = _world.CreateRole(guildId, name);
        JsonRole role = _world.GuildRolesJson(guildId)!.First(r => r.Id == id);
        string d = "{\"guild_id\":\"" + EmulatorWorld.Id(guildId) + "\",\"role\":" + System.Text.Json.JsonSerializer.Serialize(role, EmulatorJson.Context.JsonRole) + "}";
        _hub.Dispatch(DispatchPayload.Of("GUILD_ROLE_CREATE", GatewayIntentBits.Guilds, guildId,
            System.Text.Json.JsonDocument.Parse(d).RootElement.Clone(), EmulatorJson.Context.JsonElement));
        return id;
    }

    /// <summary>Adds <paramref name="userId"/> to a guild (or adds roles to an existing member).</summary>
    public void AddMember(ulong guildId, ulong userId, params ulong[] roleIds)
    {
        ArgumentNullException.ThrowIfNull(roleIds);
        _world.AddMember(guildId, userId, roleIds);
    }

    /// <summary>The DM channel between the bot and <paramref name="userId"/>, created on first use.</summary>
    public ulong CreateDmChannel(ulong userId) => _world.GetOrCreateDm(userId).ChannelId;

    /// <summary>Makes <paramref name="userId"/> the application owner (no team), as /oauth2/applications/@me reports.</summary>
    public void SetApplicationOwner(ulong userId) => _world.SetOwner(userId);

    /// <summary>Puts the application in a team owned by <paramref name="ownerUserId"/> with <paramref name="memberUserIds"/>; returns the team id.</summary>
    public ulong SetApplicationTeam(string teamName, ulong ownerUserId, params ulong[] memberUserIds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamName);
        ArgumentNullException.ThrowIfNull(memberUserIds);
        return _world.SetTeam(teamName, ownerUserId, memberUserIds);
    }

    /// <summary>
    /// Gives a member of the application's team one of Discord's team roles: <c>admin</c>, <c>developer</c> or
    /// <c>read_only</c> (members are developers until set).
    /// </summary>
    public void SetTeamMemberRole(ulong userId, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        _world.SetTeamMemberRole(userId, role);
    }

    /// <summary>
    /// Posts a message as a user: stores it and dispatches MESSAGE_CREATE with <c>mentions</c> (from <c>&lt;@id&gt;</c>,
    /// <c>&lt;@!id&gt;</c>), <c>mention_roles</c> (<c>&lt;@&amp;id&gt;</c>), <c>mention_everyone</c>, and, for a reply,
    /// <c>message_reference</c> and <c>referenced_message</c> (the replied-to author is pinged unless
    /// <paramref name="mentionRepliedUser"/> is false).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown author, channel or replied-to message, or content over 2000 characters.</exception>
    public Task<EmulatorMessage> PostMessageAsync(ulong authorId, ulong channelId, string content, ulong? replyToMessageId = null,
        bool mentionRepliedUser = true)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > EmulatorWorld.MaxContentLength)
        {
            throw new ArgumentException("Discord messages are at most 2000 characters.", nameof(content));
        }
        EmulatorWorld.PostError error = _world.TryPost(authorId, channelId, content, replyToMessageId, mentionRepliedUser, fromBot: null,
            failIfReferenceMissing: true, out EmulatorMessage? message, out JsonMessage? payload);
        switch (error)
        {
            case EmulatorWorld.PostError.UnknownAuthor:
                throw new ArgumentException($"Unknown user {authorId}.", nameof(authorId));
            case EmulatorWorld.PostError.UnknownChannel:
                throw new ArgumentException($"Unknown channel {channelId}.", nameof(channelId));
            case EmulatorWorld.PostError.UnknownReference:
                throw new ArgumentException($"Unknown message {replyToMessageId} in channel {channelId}.", nameof(replyToMessageId));
        }
        _hub.Dispatch(DispatchPayload.Message("MESSAGE_CREATE", payload!, _world.BotUserId));
        return Task.FromResult(message!);
    }

    /// <summary>Messages currently in a channel, oldest first.</summary>
    public IReadOnlyList<EmulatorMessage> GetChannelMessages(ulong channelId) => _world.ChannelMessages(channelId);

    /// <summary>A message by id (deleted ones too, flagged <see cref="EmulatorMessage.IsDeleted"/>), or null.</summary>
    public EmulatorMessage? FindMessage(ulong messageId) => _world.FindMessage(messageId);

    private void DispatchGuildCreate(ulong guildId)
    {
        if (_world.GuildJson(guildId, forGatewayCreate: true) is { } guild)
        {
            _hub.Dispatch(DispatchPayload.Of("GUILD_CREATE", GatewayIntentBits.Guilds, guildId, guild, EmulatorJson.Context.JsonGuild));
        }
    }
}
