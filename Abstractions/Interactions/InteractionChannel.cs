namespace AndyAI.Abstractions.Interactions;

/// <summary>A channel an interaction refers to.</summary>
/// <param name="Id">The channel id.</param>
/// <param name="Type">Discord's channel type (0 text, 1 DM, 2 voice, 4 category, 5 announcement, 11 thread…).</param>
/// <param name="Name">The name, or <see langword="null"/>.</param>
public sealed record InteractionChannel(ulong Id, int Type, string? Name);
