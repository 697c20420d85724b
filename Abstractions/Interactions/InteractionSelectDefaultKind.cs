namespace AndyAI.Abstractions.Interactions;

/// <summary>What an <see cref="InteractionSelectDefault"/> names (Discord's <c>"user"</c>, <c>"role"</c>, <c>"channel"</c>). Added in contract 1.7.</summary>
public enum InteractionSelectDefaultKind
{
    /// <summary>A user: for user and mentionable selects.</summary>
    User,

    /// <summary>A role: for role and mentionable selects.</summary>
    Role,

    /// <summary>A channel: for channel selects.</summary>
    Channel,
}
