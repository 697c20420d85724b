namespace AndyAI.Discord.Interactions;

/// <summary>A channel an interaction's options refer to.</summary>
/// <param name="Id">The channel id.</param>
/// <param name="Type">Discord's channel type (0 text, 1 DM, 2 voice, 4 category, 5 announcement, 11 thread…).</param>
/// <param name="Name">The channel name, or <see langword="null"/>.</param>
/// <param name="Permissions">The invoker's permissions in it, or <see langword="null"/>.</param>
public sealed record ResolvedChannel(ulong Id, int Type, string? Name, ulong? Permissions);
