namespace AndyAI.Host.Interactions;

/// <summary>What an <see cref="InteractionRoute"/> answers.</summary>
internal enum InteractionRouteKind
{
    Command,
    Component,
    Modal,
}
