namespace AndyAI.Abstractions.Interactions;

/// <summary>The kind of an <see cref="InteractionComponent"/>.</summary>
public enum InteractionComponentKind
{
    /// <summary>A button with a custom id.</summary>
    Button,

    /// <summary>A button that opens a URL.</summary>
    LinkButton,

    /// <summary>A menu of text entries.</summary>
    Select,
}
