using System.Globalization;
using System.Text.Json;
using AndyAI.Emulator.Payloads;

namespace AndyAI.Emulator.World;

// What interactions need from the world: the invoker as member or user, resolved objects, and the messages of
// interaction answers (ephemeral ones stay out of the channel: only their user sees them).
internal sealed partial class EmulatorWorld
{
    /// <summary>The envelope of an interaction: ids, invoker (member in guilds, user in DMs), channel, guild.</summary>
    /// <exception cref="ArgumentException">Unknown user or channel, or the user is not a member of the channel's guild.</exception>
    public JsonInteraction NewInteraction(ulong id, string token, int type, ulong userId, ulong channelId)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out UserRecord? user)) throw new ArgumentException($"Unknown user {userId}.", nameof(userId));
            if (!_channels.TryGetValue(channelId, out ChannelRecord? channel)) throw new ArgumentException($"Unknown channel {channelId}.", nameof(channelId));
            var json = new JsonInteraction
            {
                Id = Id(id),
                ApplicationId = Id(ApplicationId),
                Type = type,
                Token = token,
                ChannelId = Id(channelId),
                Channel = ToJsonChannel(channel, includeGuildId: true),
                AppPermissions = AllPermissions,
            };
            if (channel.GuildId is ulong guildId)
            {
                GuildRecord guild = _guilds[guildId];
                if (!guild.Members.TryGetValue(userId, out MemberRecord? member))
                {
                    throw new ArgumentException($"User {userId} is not a member of guild {guildId}.", nameof(userId));
                }

                JsonMember memberJson = ToJsonMember(member, withUser: true);
                memberJson.Permissions = Permissions(guild, member);
                json.GuildId = Id(guildId);
                json.Guild = new JsonInteractionGuild { Id = Id(guildId) };
                json.GuildLocale = "en-US";
                json.Member = memberJson;
                json.Context = 0;
                json.AuthorizingIntegrationOwners = new Dictionary<string, string> { ["0"] = Id(guildId) };
            }
            else
            {
                json.User = ToJsonUser(user);
                json.Context = 1;
                json.AuthorizingIntegrationOwners = new Dictionary<string, string> { ["0"] = "0" };
            }

            return json;
        }
    }

    /// <summary>Adds what an option or selected value of <paramref name="kind"/> ("user", "role", "channel", "mentionable") refers to.</summary>
    /// <returns>False when nothing by that id exists.</returns>
    public bool Resolve(ulong? guildId, string kind, ulong id, JsonResolved resolved)
    {
        lock (_gate)
        {
            GuildRecord? guild = guildId is ulong g ? _guilds.GetValueOrDefault(g) : null;
            if (kind is "user" or "mentionable" && _users.TryGetValue(id, out UserRecord? user))
            {
                (resolved.Users ??= [])[Id(id)] = ToJsonUser(user);
                if (guild is not null && guild.Members.TryGetValue(id, out MemberRecord? member))
                {
                    JsonMember json = ToJsonMember(member, withUser: false);
                    json.Permissions = Permissions(guild, member);
                    (resolved.Members ??= [])[Id(id)] = json;
                }

                return true;
            }

            if (kind is "role" or "mentionable" && guild?.Roles.Find(r => r.Id == id) is { } role)
            {
                (resolved.Roles ??= [])[Id(id)] = ToJsonRole(role);
                return true;
            }

            if (kind == "channel" && _channels.TryGetValue(id, out ChannelRecord? channel))
            {
                JsonChannel json = ToJsonChannel(channel, includeGuildId: true);
                json.PermissionOverwrites = null;
                (resolved.Channels ??= [])[Id(id)] = json;
                return true;
            }

            return false;
        }
    }

    /// <summary>A message's components and channel, for a simulated click; null when there is no such visible message.</summary>
    public (JsonElement[] Components, ulong ChannelId, JsonMessage Payload)? ComponentsOf(ulong messageId, ulong userId)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(messageId, out EmulatorMessage? m) || m.IsDeleted) return null;
            if (m.IsEphemeral && m.VisibleToUserId != userId) return null;
            return (m.Components, m.ChannelId, ToJsonMessage(m, includeReferenced: false));
        }
    }

    /// <summary>Stores the message of an interaction answer (original or follow-up) and returns its payload.</summary>
    public EmulatorMessage PostInteractionMessage(EmulatorInteraction interaction, JsonInteractionCallbackData data, int flags, int messageType, out JsonMessage payload)
    {
        lock (_gate)
        {
            ChannelRecord channel = _channels[interaction.ChannelId];
            ulong id = _ids.Next();
            var msg = new EmulatorMessage(id, channel.Id, channel.GuildId, BotUserId, Snowflakes.TimestampOf(id))
            {
                SentByBot = true,
                Type = messageType,
                Flags = flags,
                VisibleToUserId = (flags & 64) != 0 ? interaction.UserId : null,
                InteractionId = interaction.Id,
                InteractionType = interaction.Type,
                InteractionUserId = interaction.UserId,
            };
            msg.SetContent(data.Content ?? "");
            msg.AllowedMentions = ToAllowed(data.AllowedMentions);
            msg.Tts = data.Tts ?? false;
            msg.Embeds = data.Embeds is { } embeds ? [.. embeds.Select(e => e.Clone())] : [];
            msg.EmbedCount = msg.Embeds.Length;
            msg.Components = data.Components is { } components ? [.. components.Select(c => c.Clone())] : [];
            msg.Attachments = Attach([], data.Attachments, data.Files);
            ApplyMentions(msg, channel, data.AllowedMentions, referenced: null, mentionRepliedUser: false);
            if (!msg.IsEphemeral)
            {
                channel.Messages.Add(msg);
                channel.LastMessageId = id;
            }

            _messages[id] = msg;
            _botMessages.Add(msg);
            payload = ToJsonMessage(msg, includeReferenced: false);
            return msg;
        }
    }

    /// <summary>Edits a message through the interaction webhook (the bot's answer, or the message a component is on).</summary>
    public EmulatorMessage? EditInteractionMessage(ulong messageId, JsonInteractionCallbackData data, out JsonMessage? payload)
    {
        payload = null;
        lock (_gate)
        {
            if (!_messages.TryGetValue(messageId, out EmulatorMessage? msg) || msg.IsDeleted) return null;
            if (data.Content is not null) msg.SetContent(data.Content);
            if (data.Embeds is not null)
            {
                msg.Embeds = [.. data.Embeds.Select(e => e.Clone())];
                msg.EmbedCount = msg.Embeds.Length;
            }

            if (data.Components is not null) msg.Components = [.. data.Components.Select(c => c.Clone())];
            msg.Attachments = Attach(msg.Attachments, data.Attachments, data.Files);
            if (data.AllowedMentions is not null) msg.AllowedMentions = ToAllowed(data.AllowedMentions);
            // The first edit of a deferred answer replaces "thinking…" with the message.
            msg.Flags &= ~128;
            msg.EditedTimestamp = _time.GetUtcNow();
            ApplyMentions(msg, _channels[msg.ChannelId], data.AllowedMentions, referenced: null, mentionRepliedUser: false);
            payload = ToJsonMessage(msg, includeReferenced: false);
            return msg;
        }
    }

    public JsonMessage? InteractionMessageJson(ulong messageId)
    {
        lock (_gate)
        {
            return _messages.TryGetValue(messageId, out EmulatorMessage? m) && !m.IsDeleted ? ToJsonMessage(m, includeReferenced: false) : null;
        }
    }

    public EmulatorMessage? DeleteInteractionMessage(ulong messageId, out JsonMessageDelete? payload)
    {
        payload = null;
        lock (_gate)
        {
            if (!_messages.TryGetValue(messageId, out EmulatorMessage? msg) || msg.IsDeleted) return null;
            msg.IsDeleted = true;
            _channels[msg.ChannelId].Messages.Remove(msg);
            payload = new JsonMessageDelete { Id = Id(messageId), ChannelId = Id(msg.ChannelId), GuildId = msg.GuildId is { } g ? Id(g) : null };
            return msg;
        }
    }

    // The owner has every permission; others what @everyone and their roles grant.
    private static string Permissions(GuildRecord guild, MemberRecord member)
    {
        if (member.UserId == guild.OwnerId) return AllPermissions;
        ulong bits = ulong.Parse(EveryonePermissions, CultureInfo.InvariantCulture);
        foreach (ulong roleId in member.RoleIds)
        {
            if (guild.Roles.Find(r => r.Id == roleId) is { } role && ulong.TryParse(role.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out ulong roleBits))
            {
                bits |= roleBits;
            }
        }

        return bits.ToString(CultureInfo.InvariantCulture);
    }
}
