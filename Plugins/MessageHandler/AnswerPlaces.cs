using System.Collections.Frozen;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>Where the cog answers in guilds (<c>allowedGuildIds</c>, <c>allowedChannelIds</c>; empty means everywhere), for mentions and <c>/ask</c> alike.</summary>
internal sealed class AnswerPlaces(MessageHandlerSettings settings)
{
    private readonly FrozenSet<ulong> _guilds = settings.AllowedGuildIds.ToFrozenSet();
    private readonly FrozenSet<ulong> _channels = settings.AllowedChannelIds.ToFrozenSet();

    /// <summary>
    /// Whether a guild channel is one the cog answers in (a null channel passes only when every channel does); a thread
    /// passes when it, or the channel it was started in (<paramref name="parentChannelId"/>), is listed.
    /// </summary>
    public bool Allows(ulong guildId, ulong? channelId, ulong? parentChannelId = null) =>
        (_guilds.Count == 0 || _guilds.Contains(guildId))
        && (_channels.Count == 0
            || (channelId is { } channel && _channels.Contains(channel))
            || (parentChannelId is { } parent && _channels.Contains(parent)));
}
