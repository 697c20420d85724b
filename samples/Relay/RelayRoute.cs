namespace AndyAI.Samples.Relay;

/// <summary>Messages written in channel <see cref="From"/> are posted in channel <see cref="To"/>.</summary>
internal sealed record RelayRoute(ulong From, ulong To);
