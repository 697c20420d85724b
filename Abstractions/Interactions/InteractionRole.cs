namespace AndyAI.Abstractions.Interactions;

/// <summary>A role an interaction refers to.</summary>
/// <param name="Id">The role id.</param>
/// <param name="Name">The role's name.</param>
public sealed record InteractionRole(ulong Id, string Name);
