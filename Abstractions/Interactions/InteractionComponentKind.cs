namespace AndyAI.Abstractions.Interactions;

/// <summary>The kind of an <see cref="InteractionComponent"/>.</summary>
public enum InteractionComponentKind
{
    /// <summary>A button with a custom id.</summary>
    Button,

    /// <summary>A button that opens a URL.</summary>
    LinkButton,

    /// <summary>A menu of text entries the cog lists (Discord's string select).</summary>
    Select,

    /// <summary>A menu of the server's members (Discord's user select). Added in contract 1.6.</summary>
    UserSelect,

    /// <summary>A menu of the server's roles (Discord's role select). Added in contract 1.6.</summary>
    RoleSelect,

    /// <summary>A menu of members and roles together (Discord's mentionable select). Added in contract 1.6.</summary>
    MentionableSelect,

    /// <summary>A menu of the server's channels, optionally of some types only (Discord's channel select). Added in contract 1.6.</summary>
    ChannelSelect,
}
