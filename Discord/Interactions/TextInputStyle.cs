namespace AndyAI.Discord.Interactions;

/// <summary>The size of a modal's text input.</summary>
public enum TextInputStyle
{
    /// <summary>One line.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Discord's name for the style.")]
    Short = 1,
    /// <summary>Several lines.</summary>
    Paragraph = 2,
}
