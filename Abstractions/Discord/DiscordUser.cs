namespace AndyAI.Abstractions.Discord;

/// <summary>A Discord user.</summary>
/// <param name="Id">The user's snowflake.</param>
/// <param name="Username">The user's name.</param>
/// <param name="IsBot">Whether the account is a bot.</param>
public sealed record DiscordUser(ulong Id, string Username, bool IsBot);
