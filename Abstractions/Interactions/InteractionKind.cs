namespace AndyAI.Abstractions.Interactions;

/// <summary>What the user did.</summary>
public enum InteractionKind
{
    /// <summary>Ran a slash command.</summary>
    Command,

    /// <summary>Pressed a button or picked in a select menu.</summary>
    Component,

    /// <summary>Submitted a modal.</summary>
    ModalSubmit,
}
