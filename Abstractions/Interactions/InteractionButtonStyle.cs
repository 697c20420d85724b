namespace AndyAI.Abstractions.Interactions;

/// <summary>A button's colour.</summary>
public enum InteractionButtonStyle
{
    /// <summary>Blurple.</summary>
    Primary,

    /// <summary>Grey.</summary>
    Secondary,

    /// <summary>Green.</summary>
    Success,

    /// <summary>Red.</summary>
    Danger,
}
