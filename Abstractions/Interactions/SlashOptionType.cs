namespace AndyAI.Abstractions.Interactions;

#pragma warning disable CA1720 // the members name Discord's option types
/// <summary>The type of a slash command option, and the CLR type its value is read as.</summary>
public enum SlashOptionType
{
    /// <summary>Text → <see cref="string"/>.</summary>
    String,

    /// <summary>A whole number → <see cref="long"/>.</summary>
    Integer,

    /// <summary>A number → <see cref="double"/>.</summary>
    Number,

    /// <summary>True or false → <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>A user → <see cref="ulong"/> id; see <see cref="IInteractionContext.GetUser"/>.</summary>
    User,

    /// <summary>A channel → <see cref="ulong"/> id; see <see cref="IInteractionContext.GetChannel"/>.</summary>
    Channel,

    /// <summary>A role → <see cref="ulong"/> id; see <see cref="IInteractionContext.GetRole"/>.</summary>
    Role,

    /// <summary>An uploaded file → <see cref="ulong"/> id; see <see cref="IInteractionContext.GetAttachment"/>.</summary>
    Attachment,
}
#pragma warning restore CA1720
