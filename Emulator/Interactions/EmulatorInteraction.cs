namespace AndyAI.Emulator;

/// <summary>
/// An interaction the emulator dispatched (a simulated user ran a command, used a component, typed for
/// autocomplete or submitted a modal) and where its answer stands.
/// </summary>
public sealed class EmulatorInteraction
{
    internal EmulatorInteraction(ulong id, string token, int type, ulong userId, ulong channelId, ulong? guildId, DateTimeOffset createdAt)
    {
        Id = id;
        Token = token;
        Type = type;
        UserId = userId;
        ChannelId = channelId;
        GuildId = guildId;
        CreatedAt = createdAt;
    }

    /// <summary>The interaction id.</summary>
    public ulong Id { get; }
    /// <summary>The token the bot answers with (callback, then the interaction webhook).</summary>
    public string Token { get; }
    /// <summary>2 command, 3 component, 4 autocomplete, 5 modal submit.</summary>
    public int Type { get; }
    /// <summary>The invoking user.</summary>
    public ulong UserId { get; }
    /// <summary>The channel it happened in.</summary>
    public ulong ChannelId { get; }
    /// <summary>The guild, or null in a DM.</summary>
    public ulong? GuildId { get; }
    /// <summary>When it was created (the emulator's clock): the 3-second and 15-minute windows count from here.</summary>
    public DateTimeOffset CreatedAt { get; }
    /// <summary>The command name (commands and autocomplete).</summary>
    public string? CommandName { get; internal init; }
    /// <summary>The component's or modal's custom id.</summary>
    public string? CustomId { get; internal init; }
    /// <summary>The message the used component is on (components).</summary>
    public ulong? ComponentMessageId { get; internal init; }

    /// <summary>Whether the first callback was accepted.</summary>
    public bool IsAcknowledged { get; internal set; }
    /// <summary>The accepted callback type (4, 5, 6, 7, 8, 9), or null.</summary>
    public int? ResponseType { get; internal set; }
    /// <summary>Whether the answer was deferred (types 5 and 6) and the original response not yet edited.</summary>
    public bool IsDeferred { get; internal set; }
    /// <summary>Whether the original response is ephemeral.</summary>
    public bool IsEphemeral { get; internal set; }
    /// <summary>The original response's message (types 4 and 5), or the component's message (types 6 and 7).</summary>
    public ulong? OriginalMessageId { get; internal set; }
    /// <summary>Follow-up messages, oldest first.</summary>
    public IReadOnlyList<ulong> FollowupMessageIds
    {
        get
        {
            lock (Gate) return [.. _followups];
        }
    }

    /// <summary>The custom id of the modal a type 9 answer opened, or null.</summary>
    public string? ModalCustomId { get; internal set; }

    internal Lock Gate { get; } = new();
    internal bool ModalSubmitted { get; set; }
    internal List<(string CustomId, bool Required)> ModalInputs { get; } = [];
    private readonly List<ulong> _followups = [];

    internal void AddFollowup(ulong messageId) => _followups.Add(messageId);

    internal bool OwnsMessage(ulong messageId) => OriginalMessageId == messageId || _followups.Contains(messageId);

    /// <inheritdoc/>
    public override string ToString() => $"interaction {Id} (type {Type}) by {UserId}: {CommandName ?? CustomId}";
}
