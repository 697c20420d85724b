using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AndyAI.Emulator.Payloads;

namespace AndyAI.Emulator.World;

/// <summary>
/// Users, guilds, channels, roles and messages. Every member takes one short lock; nothing awaits inside it.
/// JSON projections are built under the same lock so a dispatch never sees a half-applied change.
/// </summary>
internal sealed partial class EmulatorWorld
{
    public const int MaxContentLength = 2000;
    private const string AllPermissions = "2251799813685247"; // every bit Discord defines as of API v10
    private const string EveryonePermissions = "2248473465835073";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Snowflakes _ids;
    private readonly Dictionary<ulong, UserRecord> _users = [];
    private readonly Dictionary<ulong, GuildRecord> _guilds = [];
    private readonly List<ulong> _guildOrder = [];
    private readonly Dictionary<ulong, ChannelRecord> _channels = [];
    private readonly Dictionary<ulong, EmulatorMessage> _messages = [];
    private readonly List<EmulatorMessage> _botMessages = [];
    private ulong _ownerId;
    private TeamRecord? _team;

    public EmulatorWorld(TimeProvider time)
    {
        _time = time;
        _ids = new Snowflakes(time);
        BotUserId = _ids.Next();
        ApplicationId = BotUserId; // bots created since 2016 share the application's id
        _users[BotUserId] = new UserRecord(BotUserId, "AndyAI", bot: true);
    }

    public ulong BotUserId { get; }
    public ulong ApplicationId { get; }
    public Snowflakes Ids => _ids;

    [GeneratedRegex(@"<@(!?)(\d{1,20})>", RegexOptions.CultureInvariant)]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<@&(\d{1,20})>", RegexOptions.CultureInvariant)]
    private static partial Regex RoleMention();

    public ulong CreateUser(string username, bool bot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ulong id = _ids.Next();
        lock (_gate)
        {
            _users[id] = new UserRecord(id, username, bot);
        }
        return id;
    }

    public bool UserExists(ulong id)
    {
        lock (_gate)
        {
            return _users.ContainsKey(id);
        }
    }

    /// <summary>Creates a guild with @everyone, the bot's managed role and the bot (and owner) as members.</summary>
    public (ulong GuildId, ulong BotRoleId) CreateGuild(string name, ulong ownerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ulong guildId = _ids.Next();
        ulong botRoleId = _ids.Next();
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            RequireUser(ownerId);
            var guild = new GuildRecord(guildId, name, ownerId, now);
            // @everyone has the guild's id (https://discord.com/developers/docs/topics/permissions#role-object).
            guild.Roles.Add(new RoleRecord(guildId, "@everyone", 0) { Permissions = EveryonePermissions, Mentionable = false });
            guild.Roles.Add(new RoleRecord(botRoleId, _users[BotUserId].Username, 1)
            {
                Permissions = AllPermissions,
                Managed = true,
                BotId = BotUserId,
                Mentionable = false,
            });
            var botMember = new MemberRecord(BotUserId, now);
            botMember.RoleIds.Add(botRoleId);
            guild.Members[BotUserId] = botMember;
            guild.Members[ownerId] = new MemberRecord(ownerId, now);
            _guilds[guildId] = guild;
            _guildOrder.Add(guildId);
        }
        return (guildId, botRoleId);
    }

    public ulong CreateRole(ulong guildId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ulong id = _ids.Next();
        lock (_gate)
        {
            GuildRecord guild = RequireGuild(guildId);
            guild.Roles.Add(new RoleRecord(id, name, guild.Roles.Count));
        }
        return id;
    }

    public void AddMember(ulong guildId, ulong userId, IEnumerable<ulong> roleIds)
    {
        lock (_gate)
        {
            GuildRecord guild = RequireGuild(guildId);
            RequireUser(userId);
            if (!guild.Members.TryGetValue(userId, out MemberRecord? member))
            {
                member = new MemberRecord(userId, _time.GetUtcNow());
                guild.Members[userId] = member;
            }
            foreach (ulong roleId in roleIds)
            {
                if (!guild.Roles.Exists(r => r.Id == roleId))
                {
                    throw new ArgumentException($"Role {roleId} is not in guild {guildId}.", nameof(roleIds));
                }
                if (!member.RoleIds.Contains(roleId))
                {
                    member.RoleIds.Add(roleId);
                }
            }
        }
    }

    public ulong CreateTextChannel(ulong guildId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ulong id = _ids.Next();
        lock (_gate)
        {
            GuildRecord guild = RequireGuild(guildId);
            _channels[id] = new ChannelRecord(id, ChannelRecord.GuildText, guildId, name) { Position = guild.ChannelIds.Count };
            guild.ChannelIds.Add(id);
        }
        return id;
    }

    /// <summary>A public thread in text channel <paramref name="parentChannelId"/>, started by <paramref name="ownerUserId"/>.</summary>
    public ulong CreateThread(ulong parentChannelId, string name, ulong ownerUserId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ulong id = _ids.Next();
        lock (_gate)
        {
            if (!_channels.TryGetValue(parentChannelId, out ChannelRecord? parent) || parent.Type != ChannelRecord.GuildText || parent.GuildId is not ulong guildId)
            {
                throw new ArgumentException($"Channel {parentChannelId} is not a guild text channel.", nameof(parentChannelId));
            }

            RequireUser(ownerUserId);
            _channels[id] = new ChannelRecord(id, ChannelRecord.PublicThread, guildId, name) { ParentId = parentChannelId, OwnerId = ownerUserId };
            _guilds[guildId].ThreadIds.Add(id);
        }

        return id;
    }

    /// <summary>Deletes a thread; returns its guild and parent, or null when there is no such thread.</summary>
    public (ulong GuildId, ulong ParentId)? DeleteThread(ulong threadId)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(threadId, out ChannelRecord? thread) || !thread.IsThread)
            {
                return null;
            }

            _channels.Remove(threadId);
            _guilds[thread.GuildId!.Value].ThreadIds.Remove(threadId);
            return (thread.GuildId.Value, thread.ParentId!.Value);
        }
    }

    /// <summary>The DM channel between the bot and <paramref name="userId"/>; created on first use, as Discord does.</summary>
    public (ulong ChannelId, bool Created) GetOrCreateDm(ulong userId)
    {
        lock (_gate)
        {
            RequireUser(userId);
            foreach (ChannelRecord c in _channels.Values)
            {
                if (c.Type == ChannelRecord.Dm && c.RecipientIds.Contains(userId))
                {
                    return (c.Id, false);
                }
            }
            ulong id = _ids.Next();
            var channel = new ChannelRecord(id, ChannelRecord.Dm, null, null);
            channel.RecipientIds.Add(userId);
            _channels[id] = channel;
            return (id, true);
        }
    }

    public void SetOwner(ulong userId)
    {
        lock (_gate)
        {
            RequireUser(userId);
            _ownerId = userId;
            _team = null;
        }
    }

    public ulong SetTeam(string name, ulong ownerUserId, IReadOnlyList<ulong> memberIds)
    {
        ulong teamId = _ids.Next();
        lock (_gate)
        {
            RequireUser(ownerUserId);
            foreach (ulong m in memberIds)
            {
                RequireUser(m);
            }
            List<ulong> members = [ownerUserId, .. memberIds.Where(m => m != ownerUserId)];
            _team = new TeamRecord(teamId, name, ownerUserId, members);
        }
        return teamId;
    }

    public void SetTeamMemberRole(ulong userId, string role)
    {
        lock (_gate)
        {
            if (_team is not { } team || !team.MemberIds.Contains(userId))
            {
                throw new InvalidOperationException($"User {userId} is not a member of the application's team.");
            }

            team.Roles[userId] = role;
        }
    }

    public bool ChannelExists(ulong channelId)
    {
        lock (_gate)
        {
            return _channels.ContainsKey(channelId);
        }
    }

    public ulong? GuildOfChannel(ulong channelId)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channelId, out ChannelRecord? c) ? c.GuildId : null;
        }
    }

    public IReadOnlyList<ulong> GuildIds()
    {
        lock (_gate)
        {
            return [.. _guildOrder];
        }
    }

    public string? FindName(ulong id)
    {
        lock (_gate)
        {
            if (_users.TryGetValue(id, out UserRecord? user)) return user.Username;
            if (_channels.TryGetValue(id, out ChannelRecord? channel)) return channel.Name;
            return _guilds.Values.SelectMany(g => g.Roles).FirstOrDefault(r => r.Id == id)?.Name;
        }
    }

    public string? MentionMarkupFor(ulong? guildId, string typed)
    {
        if (typed.Length < 2 || typed[0] is not ('@' or '#')) return null;
        string name = typed[1..];
        lock (_gate)
        {
            GuildRecord? guild = guildId is { } id ? _guilds.GetValueOrDefault(id) : null;
            if (typed[0] == '#')
            {
                ChannelRecord? channel = guild?.ChannelIds.Concat(guild.ThreadIds)
                    .Select(c => _channels[c])
                    .FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
                return channel is null ? null : $"<#{channel.Id}>";
            }

            // Discord's suggestions list members before roles; @everyone and @here stay text.
            UserRecord? user = (guild is null ? _users.Values : guild.Members.Keys.Select(u => _users[u]))
                .FirstOrDefault(u => string.Equals(u.Username, name, StringComparison.OrdinalIgnoreCase));
            if (user is not null) return $"<@{user.Id}>";
            RoleRecord? role = guild?.Roles.FirstOrDefault(r => r.Id != guild.Id && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
            return role is null ? null : $"<@&{role.Id}>";
        }
    }

    public IReadOnlyList<EmulatorMessage> BotMessages()
    {
        lock (_gate)
        {
            return [.. _botMessages];
        }
    }

    public IReadOnlyList<EmulatorMessage> ChannelMessages(ulong channelId)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channelId, out ChannelRecord? c) ? [.. c.Messages] : [];
        }
    }

    public EmulatorMessage? FindMessage(ulong id)
    {
        lock (_gate)
        {
            return _messages.GetValueOrDefault(id);
        }
    }

    // ---- messages -------------------------------------------------------------------------------------------

    public enum PostError
    {
        None,
        UnknownChannel,
        UnknownReference,
        UnknownAuthor,
    }

    /// <summary>Stores a message and returns its MESSAGE_CREATE payload.</summary>
    public PostError TryPost(ulong authorId, ulong channelId, string content, ulong? replyTo, bool mentionRepliedUser,
        JsonMessageCreate? fromBot, bool failIfReferenceMissing, out EmulatorMessage? message, out JsonMessage? payload)
    {
        message = null;
        payload = null;
        lock (_gate)
        {
            if (!_users.ContainsKey(authorId))
            {
                return PostError.UnknownAuthor;
            }
            if (!_channels.TryGetValue(channelId, out ChannelRecord? channel))
            {
                return PostError.UnknownChannel;
            }
            EmulatorMessage? referenced = null;
            if (replyTo is { } rid && (!_messages.TryGetValue(rid, out referenced) || referenced.ChannelId != channelId || referenced.IsDeleted))
            {
                referenced = null;
                if (failIfReferenceMissing)
                {
                    return PostError.UnknownReference;
                }
            }

            ulong id = _ids.Next();
            var msg = new EmulatorMessage(id, channelId, channel.GuildId, authorId, Snowflakes.TimestampOf(id))
            {
                SentByBot = fromBot is not null,
                ReferencedMessageId = referenced?.Id,
                Type = referenced is null ? 0 : 19,
            };
            msg.SetContent(content);
            if (fromBot is not null)
            {
                msg.AllowedMentions = ToAllowed(fromBot.AllowedMentions);
                msg.Tts = fromBot.Tts ?? false;
                msg.Nonce = fromBot.Nonce is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } n ? n.Clone() : null;
                msg.Embeds = CollectEmbeds(fromBot);
                msg.EmbedCount = msg.Embeds.Length;
                msg.Components = fromBot.Components is { } components ? [.. components.Select(c => c.Clone())] : [];
                msg.Attachments = Attach([], fromBot.Attachments, fromBot.Files);
            }
            ApplyMentions(msg, channel, fromBot?.AllowedMentions, referenced, mentionRepliedUser);
            channel.Messages.Add(msg);
            channel.LastMessageId = id;
            _messages[id] = msg;
            if (msg.SentByBot)
            {
                _botMessages.Add(msg);
            }
            message = msg;
            payload = ToJsonMessage(msg, includeReferenced: true);
            return PostError.None;
        }
    }

    public enum EditResult
    {
        Edited,
        UnknownMessage,
        NotAuthor,
    }

    public EditResult TryEdit(ulong channelId, ulong messageId, ulong editorId, JsonMessageCreate body, out JsonMessage? payload)
    {
        payload = null;
        lock (_gate)
        {
            // Ephemeral messages exist only for their user: the channel routes never see them.
            if (!_messages.TryGetValue(messageId, out EmulatorMessage? msg) || msg.ChannelId != channelId || msg.IsDeleted || msg.IsEphemeral)
            {
                return EditResult.UnknownMessage;
            }
            if (msg.AuthorId != editorId)
            {
                return EditResult.NotAuthor;
            }
            if (body.Content is not null)
            {
                msg.SetContent(body.Content);
            }
            if (body.Embeds is not null || body.Embed is not null)
            {
                msg.Embeds = CollectEmbeds(body);
                msg.EmbedCount = msg.Embeds.Length;
            }
            if (body.AllowedMentions is not null)
            {
                msg.AllowedMentions = ToAllowed(body.AllowedMentions);
            }
            if (body.Components is not null)
            {
                msg.Components = [.. body.Components.Select(c => c.Clone())];
            }

            msg.Attachments = Attach(msg.Attachments, body.Attachments, body.Files);
            msg.EditedTimestamp = _time.GetUtcNow();
            ChannelRecord channel = _channels[channelId];
            EmulatorMessage? referenced = msg.ReferencedMessageId is { } r ? _messages.GetValueOrDefault(r) : null;
            bool repliedPing = msg.MentionedUserIds.Count > 0 && referenced is not null && msg.MentionedUserIds.Contains(referenced.AuthorId);
            ApplyMentions(msg, channel, body.AllowedMentions, referenced, repliedPing);
            payload = ToJsonMessage(msg, includeReferenced: true);
            return EditResult.Edited;
        }
    }

    public bool TryDelete(ulong channelId, ulong messageId, out JsonMessageDelete? payload)
    {
        payload = null;
        lock (_gate)
        {
            if (!_messages.TryGetValue(messageId, out EmulatorMessage? msg) || msg.ChannelId != channelId || msg.IsDeleted || msg.IsEphemeral)
            {
                return false;
            }
            msg.IsDeleted = true;
            _channels[channelId].Messages.Remove(msg);
            payload = new JsonMessageDelete
            {
                Id = Id(messageId),
                ChannelId = Id(channelId),
                GuildId = msg.GuildId is { } g ? Id(g) : null,
            };
            return true;
        }
    }

    public JsonMessage? GetMessageJson(ulong channelId, ulong messageId)
    {
        lock (_gate)
        {
            return _messages.TryGetValue(messageId, out EmulatorMessage? m) && m.ChannelId == channelId && !m.IsDeleted && !m.IsEphemeral
                ? ToJsonMessage(m, includeReferenced: true)
                : null;
        }
    }

    /// <summary>History newest first, like GET /channels/{id}/messages.</summary>
    public JsonMessage[]? History(ulong channelId, ulong? before, ulong? after, ulong? around, int limit)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(channelId, out ChannelRecord? channel))
            {
                return null;
            }
            List<EmulatorMessage> all = channel.Messages;
            IEnumerable<EmulatorMessage> selected;
            if (around is { } a)
            {
                int half = limit / 2;
                var older = all.Where(m => m.Id <= a).Reverse().Take(limit - half);
                var newer = all.Where(m => m.Id > a).Take(half).Reverse();
                selected = newer.Concat(older);
            }
            else if (after is { } af)
            {
                // Discord returns the messages right after `after`, still newest first.
                selected = all.Where(m => m.Id > af).Take(limit).Reverse();
            }
            else
            {
                ulong b = before ?? ulong.MaxValue;
                selected = all.Where(m => m.Id < b).Reverse().Take(limit);
            }
            return [.. selected.Select(m => ToJsonMessage(m, includeReferenced: true))];
        }
    }

    // ---- projections ----------------------------------------------------------------------------------------

    public JsonUser BotUserJson()
    {
        lock (_gate)
        {
            JsonUser u = ToJsonUser(_users[BotUserId]);
            u.Verified = true;
            u.MfaEnabled = false;
            u.Flags = 0;
            return u;
        }
    }

    public JsonUser? UserJson(ulong id)
    {
        lock (_gate)
        {
            return _users.TryGetValue(id, out UserRecord? u) ? ToJsonUser(u) : null;
        }
    }

    public JsonChannel? ChannelJson(ulong id)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(id, out ChannelRecord? c) ? ToJsonChannel(c, includeGuildId: true) : null;
        }
    }

    public JsonChannel[]? GuildChannelsJson(ulong guildId)
    {
        lock (_gate)
        {
            return _guilds.TryGetValue(guildId, out GuildRecord? g)
                ? [.. g.ChannelIds.Select(c => ToJsonChannel(_channels[c], includeGuildId: true))]
                : null;
        }
    }

    public JsonRole[]? GuildRolesJson(ulong guildId)
    {
        lock (_gate)
        {
            return _guilds.TryGetValue(guildId, out GuildRecord? g) ? [.. g.Roles.Select(ToJsonRole)] : null;
        }
    }

    public JsonMember? MemberJson(ulong guildId, ulong userId)
    {
        lock (_gate)
        {
            return _guilds.TryGetValue(guildId, out GuildRecord? g) && g.Members.TryGetValue(userId, out MemberRecord? m)
                ? ToJsonMember(m, withUser: true)
                : null;
        }
    }

    /// <summary>The guild object; with <paramref name="forGatewayCreate"/> the GUILD_CREATE extras (channels, members…).</summary>
    public JsonGuild? GuildJson(ulong guildId, bool forGatewayCreate)
    {
        lock (_gate)
        {
            if (!_guilds.TryGetValue(guildId, out GuildRecord? g))
            {
                return null;
            }
            var json = new JsonGuild
            {
                Id = g.Id,
                Name = g.Name,
                OwnerId = Id(g.OwnerId),
                Roles = [.. g.Roles.Select(ToJsonRole)],
                SystemChannelId = g.ChannelIds.Count > 0 ? Id(g.ChannelIds[0]) : null,
            };
            if (forGatewayCreate)
            {
                json.JoinedAt = Iso(g.Members[BotUserId].JoinedAt);
                json.Large = false;
                json.Unavailable = false;
                json.MemberCount = g.Members.Count;
                json.Members = [.. g.Members.Values.Select(m => ToJsonMember(m, withUser: true))];
                // Guild channels inside GUILD_CREATE carry no guild_id (the guild is implied).
                json.Channels = [.. g.ChannelIds.Select(c => ToJsonChannel(_channels[c], includeGuildId: false))];
                json.Threads = [.. g.ThreadIds.Select(t => ToJsonChannel(_channels[t], includeGuildId: true))];
                json.Presences = [];
                json.VoiceStates = [];
                json.StageInstances = [];
                json.GuildScheduledEvents = [];
                json.SoundboardSounds = [];
            }
            return json;
        }
    }

    public JsonApplication ApplicationJson(string verifyKey)
    {
        lock (_gate)
        {
            var app = new JsonApplication
            {
                Id = Id(ApplicationId),
                Name = _users[BotUserId].Username,
                Description = "A local Discord emulator application.",
                VerifyKey = verifyKey,
                Bot = ToJsonUser(_users[BotUserId]),
            };
            if (_team is { } team)
            {
                // With a team, Discord's `owner` is a synthetic team user; clients must read team.members.
                app.Owner = new JsonUser { Id = team.Id, Username = "team" + Id(team.Id), Discriminator = "0000", Flags = 1024 };
                app.Team = new JsonTeam
                {
                    Id = Id(team.Id),
                    Name = team.Name,
                    OwnerUserId = Id(team.OwnerUserId),
                    Members = [.. team.MemberIds.Select(m => new JsonTeamMember
                    {
                        TeamId = Id(team.Id),
                        User = ToJsonUser(_users[m]),
                        Role = team.Roles.TryGetValue(m, out string? role) ? role : m == team.OwnerUserId ? "admin" : "developer",
                    })],
                };
            }
            else if (_ownerId != 0)
            {
                app.Owner = ToJsonUser(_users[_ownerId]);
            }
            return app;
        }
    }

    internal static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    internal static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    private static JsonUser ToJsonUser(UserRecord u) => new()
    {
        Id = u.Id,
        Username = u.Username,
        GlobalName = u.Bot ? null : u.Username,
        Bot = u.Bot,
    };

    private JsonMember ToJsonMember(MemberRecord m, bool withUser) => new()
    {
        User = withUser ? ToJsonUser(_users[m.UserId]) : null,
        Roles = [.. m.RoleIds.Select(Id)],
        JoinedAt = Iso(m.JoinedAt),
    };

    private static JsonRole ToJsonRole(RoleRecord r) => new()
    {
        Id = r.Id,
        Name = r.Name,
        Position = r.Position,
        Permissions = r.Permissions,
        Managed = r.Managed,
        Mentionable = r.Mentionable,
        Tags = r.BotId is { } b ? new JsonRoleTags { BotId = Id(b) } : null,
    };

    private JsonChannel ToJsonChannel(ChannelRecord c, bool includeGuildId)
    {
        if (c.Type == ChannelRecord.Dm)
        {
            return new JsonChannel
            {
                Id = c.Id,
                Type = ChannelRecord.Dm,
                LastMessageId = c.LastMessageId is { } l ? Id(l) : null,
                Recipients = [.. c.RecipientIds.Select(r => ToJsonUser(_users[r]))],
            };
        }
        if (c.IsThread)
        {
            return new JsonChannel
            {
                Id = c.Id,
                Type = c.Type,
                GuildId = c.GuildId is { } tg ? Id(tg) : null,
                Name = c.Name,
                ParentId = Id(c.ParentId!.Value),
                OwnerId = Id(c.OwnerId!.Value),
                LastMessageId = c.LastMessageId is { } tl ? Id(tl) : null,
                RateLimitPerUser = 0,
                MessageCount = c.Messages.Count,
                MemberCount = 1,
                TotalMessageSent = c.Messages.Count,
                ThreadMetadata = new JsonThreadMetadata { ArchiveTimestamp = Iso(Snowflakes.TimestampOf(c.Id)), CreateTimestamp = Iso(Snowflakes.TimestampOf(c.Id)) },
            };
        }

        return new JsonChannel
        {
            Id = c.Id,
            Type = c.Type,
            GuildId = includeGuildId && c.GuildId is { } g ? Id(g) : null,
            Name = c.Name,
            Position = c.Position,
            PermissionOverwrites = [],
            Topic = null,
            Nsfw = false,
            RateLimitPerUser = 0,
            LastMessageId = c.LastMessageId is { } l2 ? Id(l2) : null,
        };
    }

    private static int PositionInThread(ChannelRecord thread, EmulatorMessage m) =>
        thread.Messages.IndexOf(m) is >= 0 and int index ? index : thread.Messages.Count;

    /// <summary>
    /// A message's attachments after a create or edit, as Discord keeps them: when the body has an <c>attachments</c>
    /// array, only the existing attachments it names by id stay (absent: all stay); then each uploaded file is added.
    /// </summary>
    private IReadOnlyList<EmulatorAttachment> Attach(IReadOnlyList<EmulatorAttachment> current, JsonElement[]? declared, IReadOnlyList<RecordedFile> files)
    {
        if (declared is null && files.Count == 0)
        {
            return current;
        }

        var kept = new List<EmulatorAttachment>(current.Count + files.Count);
        foreach (EmulatorAttachment attachment in current)
        {
            string id = Id(attachment.Id);
            if (declared is null || declared.Any(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("id", out JsonElement given) && given.ToString() == id))
            {
                kept.Add(attachment);
            }
        }

        foreach (RecordedFile file in files)
        {
            kept.Add(new EmulatorAttachment(_ids.Next(), file.FileName, file.Content, file.ContentType));
        }

        return kept;
    }

    private static JsonMessageAttachment ToJsonAttachment(ulong channelId, EmulatorAttachment a)
    {
        string path = $"{Id(channelId)}/{Id(a.Id)}/{Uri.EscapeDataString(a.FileName)}";
        return new JsonMessageAttachment
        {
            Id = Id(a.Id),
            FileName = a.FileName,
            Size = a.Size,
            Url = "https://cdn.discordapp.com/attachments/" + path,
            ProxyUrl = "https://media.discordapp.net/attachments/" + path,
            ContentType = a.ContentType,
        };
    }

    private JsonMessage ToJsonMessage(EmulatorMessage m, bool includeReferenced)
    {
        UserRecord author = _users[m.AuthorId];
        GuildRecord? guild = m.GuildId is { } gid ? _guilds.GetValueOrDefault(gid) : null;
        var json = new JsonMessage
        {
            Id = m.Id,
            Type = m.Type,
            ChannelId = m.ChannelId,
            GuildId = m.GuildId is { } g ? Id(g) : null,
            Author = ToJsonUser(author),
            Member = guild is not null && guild.Members.TryGetValue(m.AuthorId, out MemberRecord? member) ? ToJsonMember(member, withUser: false) : null,
            Content = m.Content,
            Timestamp = Iso(m.Timestamp),
            EditedTimestamp = m.EditedTimestamp is { } e ? Iso(e) : null,
            Tts = m.Tts,
            MentionEveryone = m.MentionEveryone,
            Mentions = [.. m.MentionedUserIds.Select(u => MentionJson(u, guild))],
            MentionRoles = [.. m.MentionedRoleIds.Select(Id)],
            Embeds = m.Embeds,
            Attachments = m.Attachments.Count == 0 ? [] : [.. m.Attachments.Select(a => ToJsonAttachment(m.ChannelId, a))],
            Components = m.Components,
            Flags = m.Flags,
            Nonce = m.Nonce,
            // Discord sets position only on messages in threads: a client's cheapest sign of one.
            Position = _channels.TryGetValue(m.ChannelId, out ChannelRecord? channel) && channel.IsThread ? PositionInThread(channel, m) : null,
        };
        if (m.InteractionId is { } interactionId)
        {
            json.WebhookId = Id(ApplicationId);
            json.ApplicationId = Id(ApplicationId);
            json.InteractionMetadata = new JsonInteractionMetadata
            {
                Id = Id(interactionId),
                Type = m.InteractionType,
                User = ToJsonUser(_users[m.InteractionUserId]),
                AuthorizingIntegrationOwners = new Dictionary<string, string> { ["0"] = m.GuildId is { } owner ? Id(owner) : "0" },
            };
        }
        if (m.ReferencedMessageId is { } rid)
        {
            json.MessageReference = new JsonMessageReference
            {
                Type = 0,
                MessageId = rid,
                ChannelId = m.ChannelId,
                GuildId = m.GuildId,
            };
            json.ReferencedMessage = includeReferenced && _messages.TryGetValue(rid, out EmulatorMessage? referenced) && !referenced.IsDeleted
                ? ToJsonMessage(referenced, includeReferenced: false)
                : null;
        }
        return json;
    }

    private JsonUser MentionJson(ulong userId, GuildRecord? guild)
    {
        JsonUser u = ToJsonUser(_users[userId]);
        if (guild is not null && guild.Members.TryGetValue(userId, out MemberRecord? member))
        {
            u.Member = ToJsonMember(member, withUser: false);
        }
        return u;
    }

    private void ApplyMentions(EmulatorMessage msg, ChannelRecord channel, JsonAllowedMentions? allowed, EmulatorMessage? referenced,
        bool mentionRepliedUser)
    {
        // Without allowed_mentions everything in the content pings; with it, only what it allows
        // (https://discord.com/developers/docs/resources/message#allowed-mentions-object).
        bool parseUsers = allowed?.Parse is not { } p1 || p1.Contains("users");
        bool parseRoles = allowed?.Parse is not { } p2 || p2.Contains("roles");
        bool parseEveryone = allowed?.Parse is not { } p3 || p3.Contains("everyone");
        HashSet<string>? userAllow = allowed?.Users is { } au ? [.. au] : null;
        HashSet<string>? roleAllow = allowed?.Roles is { } ar ? [.. ar] : null;
        GuildRecord? guild = channel.GuildId is { } gid ? _guilds.GetValueOrDefault(gid) : null;
        string content = msg.Content;

        var users = new List<ulong>();
        foreach (Match match in UserMention().Matches(content))
        {
            if (ulong.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out ulong uid)
                && _users.ContainsKey(uid) && !users.Contains(uid)
                && (parseUsers || (userAllow?.Contains(match.Groups[2].Value) ?? false)))
            {
                users.Add(uid);
            }
        }
        if (referenced is not null && mentionRepliedUser && (allowed?.RepliedUser ?? (allowed is null || msg.SentByBot is false)) && !users.Contains(referenced.AuthorId))
        {
            users.Add(referenced.AuthorId);
        }
        var roles = new List<ulong>();
        if (guild is not null)
        {
            foreach (Match match in RoleMention().Matches(content))
            {
                if (ulong.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out ulong rid)
                    && rid != guild.Id && guild.Roles.Exists(r => r.Id == rid) && !roles.Contains(rid)
                    && (parseRoles || (roleAllow?.Contains(match.Groups[1].Value) ?? false)))
                {
                    roles.Add(rid);
                }
            }
        }
        msg.MentionedUserIds = users;
        msg.MentionedRoleIds = roles;
        msg.MentionEveryone = parseEveryone && (content.Contains("@everyone", StringComparison.Ordinal) || content.Contains("@here", StringComparison.Ordinal));
    }

    private static JsonElement[] CollectEmbeds(JsonMessageCreate body)
    {
        if (body.Embeds is { } many)
        {
            return [.. many.Select(e => e.Clone())];
        }
        return body.Embed is { ValueKind: JsonValueKind.Object } one ? [one.Clone()] : [];
    }

    private static EmulatorAllowedMentions? ToAllowed(JsonAllowedMentions? a) => a is null
        ? null
        : new EmulatorAllowedMentions(a.Parse, a.Users?.Select(ParseId).ToArray(), a.Roles?.Select(ParseId).ToArray(), a.RepliedUser);

    private static ulong ParseId(string s) => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : 0;

    private void RequireUser(ulong id)
    {
        if (!_users.ContainsKey(id))
        {
            throw new ArgumentException($"Unknown user {id}.", nameof(id));
        }
    }

    private GuildRecord RequireGuild(ulong id) =>
        _guilds.TryGetValue(id, out GuildRecord? g) ? g : throw new ArgumentException($"Unknown guild {id}.", nameof(id));
}
