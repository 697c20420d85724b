using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Json;

namespace AndyAI.Discord.Hosting;

/// <summary>Turns wire messages into the immutable <see cref="DiscordMessage"/> cogs see, and classifies them.</summary>
internal static class MessageConverter
{
    /// <summary>What kinds of interest a message satisfies (the exact check, after the cheap byte filter).</summary>
    public static MessageInterest Classify(JsonMessage message, ulong botUserId, ulong? botRoleId, bool isGuild, string prefix)
    {
        // The bot never answers itself: its own messages only reach "All" subscribers.
        if (message.Author?.Id == botUserId && botUserId != 0) return MessageInterest.None;
        MessageInterest kinds = MessageInterest.None;
        if (!isGuild) kinds |= MessageInterest.DirectMessages;
        if (isGuild && MentionsBot(message, botUserId, botRoleId)) kinds |= MessageInterest.Mentions;
        if (message.Content is { } content && content.StartsWith(prefix, StringComparison.Ordinal)) kinds |= MessageInterest.Prefixed;
        return kinds;
    }

    public static bool MentionsBot(JsonMessage message, ulong botUserId, ulong? botRoleId)
    {
        if (botUserId == 0) return false;
        // Elements may be null on the wire (a lenient server's "mentions":[null]): skipped, never a lost event.
        foreach (JsonUser? user in message.Mentions ?? [])
        {
            if (user?.Id == botUserId) return true;
        }

        string content = message.Content ?? "";
        if (content.Contains($"<@{botUserId}>", StringComparison.Ordinal) || content.Contains($"<@!{botUserId}>", StringComparison.Ordinal))
        {
            return true;
        }

        if (botRoleId is ulong role)
        {
            // A managed-role mention arrives with mentions: [] and only mention_roles / the content telling.
            if (message.MentionRoles is { } roles && Array.IndexOf(roles, role) >= 0) return true;
            if (content.Contains($"<@&{role}>", StringComparison.Ordinal)) return true;
        }

        return false;
    }

    // receivedAt: the gateway frame's TimeProvider timestamp (0 for REST results). threadParentOf: for a thread the gateway
    // knows, its parent channel (0 when unknown), else null; a message Discord gave a position is in a thread too (the
    // bot may not have seen that thread created).
    public static DiscordMessage Convert(JsonMessage message, ulong botUserId, Func<ulong, ulong?> managedRoleOf, Func<ulong, ulong?> guildOfChannel, int shardId, int depth = 0,
        long receivedAt = 0, Func<ulong, ulong?>? threadParentOf = null)
    {
        ulong? threadParent = threadParentOf?.Invoke(message.ChannelId);
        ulong? guildId = message.GuildId ?? guildOfChannel(message.ChannelId);
        ulong? roleId = guildId is ulong g ? managedRoleOf(g) : null;
        JsonUser author = message.Author ?? new JsonUser();
        DiscordMessage? referenced = depth == 0 && message.ReferencedMessage is { } r
            ? Convert(r, botUserId, managedRoleOf, guildOfChannel, shardId, depth + 1, threadParentOf: threadParentOf)
            : null;
        return new DiscordMessage
        {
            ReceivedTimestamp = receivedAt,
            Id = message.Id,
            ChannelId = message.ChannelId,
            GuildId = guildId,
            IsInThread = message.Position is not null || threadParent is not null,
            ParentChannelId = threadParent is > 0 ? threadParent : null,
            Author = new DiscordUser(author.Id, author.Username ?? "", author.Bot),
            IsWebhook = message.WebhookId is not null,
            Content = message.Content ?? "",
            MentionedUserIds = message.Mentions is { Length: > 0 } m ? [.. m.OfType<JsonUser>().Select(u => u.Id)] : [],
            MentionedRoleIds = message.MentionRoles is { Length: > 0 } roles ? roles : [],
            MentionsEveryone = message.MentionEveryone,
            MentionsBot = MentionsBot(message, botUserId, roleId),
            BotRoleId = roleId,
            ReferencedMessageId = message.MessageReference?.MessageId ?? message.ReferencedMessage?.Id,
            ReferencedMessage = referenced,
            Timestamp = message.Timestamp ?? default,
            EditedTimestamp = message.EditedTimestamp,
            ShardId = shardId,
            MemberRoleIds = message.Member?.Roles is { Length: > 0 } memberRoles ? memberRoles : [],
        };
    }
}
