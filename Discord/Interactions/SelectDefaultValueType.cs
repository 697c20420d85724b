namespace AndyAI.Discord.Interactions;

/// <summary>What a <see cref="SelectDefaultValue"/>'s id names: Discord's <c>"user"</c>, <c>"role"</c> or <c>"channel"</c>.</summary>
public enum SelectDefaultValueType
{
    /// <summary><c>"user"</c>: on user and mentionable selects.</summary>
    User,

    /// <summary><c>"role"</c>: on role and mentionable selects.</summary>
    Role,

    /// <summary><c>"channel"</c>: on channel selects.</summary>
    Channel,
}
