namespace AndyAI.Discord.Interactions;

/// <summary>
/// An entry of an auto-populated select menu shown already picked (Discord's select default value:
/// https://discord.com/developers/docs/components/reference#user-select-select-default-value-structure).
/// </summary>
/// <param name="Id">The user's, role's or channel's id.</param>
/// <param name="Type">What <paramref name="Id"/> names.</param>
public sealed record SelectDefaultValue(ulong Id, SelectDefaultValueType Type);
