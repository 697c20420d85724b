namespace AndyAI.Emulator;

/// <summary>A message stored by the emulator: posted by a test user or sent by the bot over REST.</summary>
public sealed class EmulatorMessage
{
    internal EmulatorMessage(ulong id, ulong channelId, ulong? guildId, ulong authorId, DateTimeOffset timestamp)
    {
        Id = id;
        ChannelId = channelId;
        GuildId = guildId;
        AuthorId = authorId;
        Timestamp = timestamp;
    }

    /// <summary>Snowflake id.</summary>
    public ulong Id { get; }
    /// <summary>Channel the message is in.</summary>
    public ulong ChannelId { get; }
    /// <summary>Guild of the channel, or null in a DM.</summary>
    public ulong? GuildId { get; }
    /// <summary>Author's user id.</summary>
    public ulong AuthorId { get; }
    /// <summary>Creation time.</summary>
    public DateTimeOffset Timestamp { get; }
    /// <summary>Current content (after edits).</summary>
    public string Content { get; internal set; } = "";
    /// <summary>Every content the message had, oldest first (the first is the original).</summary>
    public IReadOnlyList<string> ContentHistory => _history;
    /// <summary>Last edit time, or null.</summary>
    public DateTimeOffset? EditedTimestamp { get; internal set; }
    /// <summary>Users in <c>mentions</c> (after applying allowed_mentions).</summary>
    public IReadOnlyList<ulong> MentionedUserIds { get; internal set; } = [];
    /// <summary>Roles in <c>mention_roles</c>.</summary>
    public IReadOnlyList<ulong> MentionedRoleIds { get; internal set; } = [];
    /// <summary><c>mention_everyone</c>.</summary>
    public bool MentionEveryone { get; internal set; }
    /// <summary><c>message_reference.message_id</c>, or null when not a reply.</summary>
    public ulong? ReferencedMessageId { get; internal set; }
    /// <summary>The <c>allowed_mentions</c> the bot sent (last create or edit), or null when absent or posted by a test.</summary>
    public EmulatorAllowedMentions? AllowedMentions { get; internal set; }
    /// <summary>Whether the bot authored it through REST.</summary>
    public bool SentByBot { get; internal set; }
    /// <summary>The files attached to it, in order (uploads as <c>files[n]</c> on create or edit).</summary>
    public IReadOnlyList<EmulatorAttachment> Attachments { get; internal set; } = [];
    /// <summary>Whether it has been deleted.</summary>
    public bool IsDeleted { get; internal set; }
    /// <summary>Whether <c>tts</c> was set.</summary>
    public bool Tts { get; internal set; }
    /// <summary>Number of embeds sent with the message.</summary>
    public int EmbedCount { get; internal set; }

    /// <summary>Message flags (64 ephemeral, 128 loading: a deferred "thinking" answer).</summary>
    public int Flags { get; internal set; }
    /// <summary>Whether only <see cref="VisibleToUserId"/> sees it (an ephemeral interaction answer): not in channel history, not dispatched.</summary>
    public bool IsEphemeral => (Flags & 64) != 0;
    /// <summary>Whether it is a deferred answer still "thinking" (flag 128, cleared by the first edit).</summary>
    public bool IsLoading => (Flags & 128) != 0;
    /// <summary>The only user who sees an ephemeral message, or null.</summary>
    public ulong? VisibleToUserId { get; internal set; }
    /// <summary>The interaction this message answers (original response or follow-up), or null.</summary>
    public ulong? InteractionId { get; internal set; }
    /// <summary>Custom ids of the message's components (buttons, select menus), in order.</summary>
    public IReadOnlyList<string> ComponentCustomIds => Interactions.ComponentJson.CustomIds(Components);

    /// <summary>The message's buttons that send an interaction (not link buttons), in order.</summary>
    public IReadOnlyList<(string CustomId, string Label, bool Disabled)> Buttons => Interactions.ComponentJson.Buttons(Components);

    /// <summary>The message's select menus, in order.</summary>
    public IReadOnlyList<EmulatorSelectMenu> SelectMenus => Interactions.ComponentJson.SelectMenus(Components);

    internal System.Text.Json.JsonElement[] Components { get; set; } = [];
    internal int InteractionType { get; set; }
    internal ulong InteractionUserId { get; set; }
    internal System.Text.Json.JsonElement? Nonce { get; set; }
    internal System.Text.Json.JsonElement[] Embeds { get; set; } = [];
    internal int Type { get; set; }

    private readonly List<string> _history = [];

    internal void SetContent(string content)
    {
        Content = content;
        _history.Add(content);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} by {AuthorId} in {ChannelId}: {Content}";
}
