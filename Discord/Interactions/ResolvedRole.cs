namespace AndyAI.Discord.Interactions;

/// <summary>A role an interaction's options refer to.</summary>
/// <param name="Id">The role id.</param>
/// <param name="Name">The role name.</param>
/// <param name="Permissions">Its permission bits, or <see langword="null"/> when unreadable.</param>
public sealed record ResolvedRole(ulong Id, string Name, ulong? Permissions);
