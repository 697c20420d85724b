namespace AndyAI.Abstractions.Memory;

/// <summary>One question and the bot's answer.</summary>
public sealed record ConversationTurn
{
    /// <summary>Who asked.</summary>
    public required ulong UserId { get; init; }

    /// <summary>Where.</summary>
    public required ulong ChannelId { get; init; }

    /// <summary>The guild, or null in a direct message.</summary>
    public ulong? GuildId { get; init; }

    /// <summary>The question's message.</summary>
    public required ulong QuestionMessageId { get; init; }

    /// <summary>The messages the answer was posted as (a reply to any of them continues this conversation).</summary>
    public IReadOnlyList<ulong> AnswerMessageIds { get; init; } = [];

    /// <summary>The question, as given to the model.</summary>
    public required string UserText { get; init; }

    /// <summary>The answer.</summary>
    public required string AnswerText { get; init; }

    /// <summary>The model that answered, when known.</summary>
    public string? Model { get; init; }

    /// <summary>Prompt tokens the provider reported (0 when it did not).</summary>
    public int PromptTokens { get; init; }

    /// <summary>Completion tokens the provider reported (0 when it did not).</summary>
    public int CompletionTokens { get; init; }

    /// <summary>When the question was answered.</summary>
    public DateTimeOffset Timestamp { get; init; }
}
