namespace AndyAI.Commands;

/// <summary>Which cogs run in which guild (a guild's settings can turn a cog off there). The host implements it.</summary>
public interface ICogGuildSwitch
{
    /// <summary>Whether <paramref name="cogName"/>'s handlers and commands run in <paramref name="guildId"/>. Must be fast: it is asked for every message.</summary>
    bool IsEnabled(string cogName, ulong guildId);
}
