namespace AndyAI.Emulator;

/// <summary>One answer the bot sent to an interaction, accepted or refused (see <see cref="StatusCode"/> and <see cref="ErrorCode"/>).</summary>
public sealed class EmulatorInteractionResponse
{
    internal EmulatorInteractionResponse(EmulatorInteractionResponseKind kind, ulong interactionId, DateTimeOffset timestamp)
    {
        Kind = kind;
        InteractionId = interactionId;
        Timestamp = timestamp;
    }

    /// <summary>Which call it was.</summary>
    public EmulatorInteractionResponseKind Kind { get; }
    /// <summary>The interaction answered (0 when the id or token matched none).</summary>
    public ulong InteractionId { get; }
    /// <summary>When it arrived (the emulator's clock).</summary>
    public DateTimeOffset Timestamp { get; }
    /// <summary>The callback type (callbacks only).</summary>
    public int? Type { get; internal init; }
    /// <summary>The message text sent, or null.</summary>
    public string? Content { get; internal init; }
    /// <summary>The message flags sent (64 = ephemeral), or null.</summary>
    public int? Flags { get; internal init; }
    /// <summary>Whether the answer's message is visible only to the invoker.</summary>
    public bool IsEphemeral { get; internal init; }
    /// <summary>The <c>allowed_mentions</c> sent, or null when absent.</summary>
    public EmulatorAllowedMentions? AllowedMentions { get; internal init; }
    /// <summary>Custom ids of the components sent (buttons, menus, inputs), in order.</summary>
    public IReadOnlyList<string> ComponentCustomIds { get; internal init; } = [];
    /// <summary>Names of the autocomplete choices sent (type 8).</summary>
    public IReadOnlyList<string> ChoiceNames { get; internal init; } = [];
    /// <summary>Values of the autocomplete choices sent (type 8), as JSON text (<c>20</c>, <c>"Lyon"</c>), in the order of <see cref="ChoiceNames"/>: what the client sends when a user picks one.</summary>
    public IReadOnlyList<string> ChoiceValues { get; internal init; } = [];
    /// <summary>The modal's custom id (type 9).</summary>
    public string? ModalCustomId { get; internal init; }
    /// <summary>The modal's title (type 9).</summary>
    public string? ModalTitle { get; internal init; }
    /// <summary>The message created or edited, or null.</summary>
    public ulong? MessageId { get; internal set; }
    /// <summary>The HTTP status the emulator answered.</summary>
    public int StatusCode { get; internal set; }
    /// <summary>Discord's error code when refused (10062, 40060, 50027, 10015, 50035…), else 0.</summary>
    public int ErrorCode { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Type} for {InteractionId}: {StatusCode} {ErrorCode} {Content}";
}
