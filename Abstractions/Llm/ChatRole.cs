namespace AndyAI.Abstractions.Llm;

/// <summary>Who said a turn.</summary>
public enum ChatRole
{
    /// <summary>Instructions for the model.</summary>
    System,

    /// <summary>The person.</summary>
    User,

    /// <summary>The bot.</summary>
    Assistant,
}
