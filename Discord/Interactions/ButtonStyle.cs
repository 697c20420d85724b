namespace AndyAI.Discord.Interactions;

/// <summary>How a button looks; every style but <see cref="Link"/> and <see cref="Premium"/> sends an interaction when pressed.</summary>
public enum ButtonStyle
{
    /// <summary>Blurple.</summary>
    Primary = 1,
    /// <summary>Grey.</summary>
    Secondary = 2,
    /// <summary>Green.</summary>
    Success = 3,
    /// <summary>Red.</summary>
    Danger = 4,
    /// <summary>Opens a URL; no interaction.</summary>
    Link = 5,
    /// <summary>Buys a SKU; no interaction.</summary>
    Premium = 6,
}
