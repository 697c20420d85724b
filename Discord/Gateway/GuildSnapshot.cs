using System.Globalization;
using System.Text;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// What the bot keeps of one guild (<see cref="GatewayState"/>: its owner, its roles' permission bits, its channels and
/// threads), in a form a process that resumes the guild's shard can restore: a RESUME brings no GUILD_CREATE.
/// </summary>
/// <param name="Id">The guild.</param>
/// <param name="Described">
/// Whether a GUILD_CREATE described it; <see langword="false"/> for a guild READY listed that is still unavailable
/// (known, counted, with nothing to check settings against).
/// </param>
/// <param name="OwnerId">The guild's owner (0 when unknown).</param>
/// <param name="Roles">Each role and its permission bits (@everyone's role has the guild's id).</param>
/// <param name="Channels">Its channels (threads excluded).</param>
/// <param name="Threads">Its threads and each one's parent channel (0 when Discord did not say).</param>
internal sealed record GuildSnapshot(
    ulong Id,
    bool Described,
    ulong OwnerId,
    IReadOnlyList<KeyValuePair<ulong, ulong>> Roles,
    IReadOnlyList<ulong> Channels,
    IReadOnlyList<KeyValuePair<ulong, ulong>> Threads)
{
    private const string Undescribed = "-";

    /// <summary>A guild known but not described (READY's unavailable guild).</summary>
    public static GuildSnapshot Known(ulong id) => new(id, false, 0, [], [], []);

    /// <summary>
    /// The snapshot as compact text (the guild id is stored beside it): <c>owner;role:bits,…;channel,…;thread:parent,…</c>,
    /// or <c>-</c> for a guild not described. Decimal ids, so a Redis hash of a few thousand guilds stays readable.
    /// </summary>
    public string Format()
    {
        if (!Described) return Undescribed;
        var text = new StringBuilder(32 + 24 * (Roles.Count + Channels.Count + Threads.Count));
        text.Append(OwnerId.ToString(CultureInfo.InvariantCulture)).Append(';');
        AppendPairs(text, Roles);
        text.Append(';');
        for (int i = 0; i < Channels.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Channels[i].ToString(CultureInfo.InvariantCulture));
        }

        text.Append(';');
        AppendPairs(text, Threads);
        return text.ToString();
    }

    /// <summary>Reads <see cref="Format"/>'s text; <see langword="null"/> when it is not such text.</summary>
    public static GuildSnapshot? Parse(ulong id, string text)
    {
        if (text == Undescribed) return Known(id);
        string[] parts = text.Split(';');
        if (parts.Length != 4 || !TryId(parts[0], out ulong owner)) return null;
        List<KeyValuePair<ulong, ulong>>? roles = ParsePairs(parts[1]);
        List<KeyValuePair<ulong, ulong>>? threads = ParsePairs(parts[3]);
        var channels = new List<ulong>();
        foreach (string channel in parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryId(channel, out ulong channelId)) return null;
            channels.Add(channelId);
        }

        return roles is null || threads is null ? null : new GuildSnapshot(id, true, owner, roles, channels, threads);
    }

    private static void AppendPairs(StringBuilder text, IReadOnlyList<KeyValuePair<ulong, ulong>> pairs)
    {
        for (int i = 0; i < pairs.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(pairs[i].Key.ToString(CultureInfo.InvariantCulture)).Append(':').Append(pairs[i].Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static List<KeyValuePair<ulong, ulong>>? ParsePairs(string text)
    {
        var pairs = new List<KeyValuePair<ulong, ulong>>();
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !TryId(pair[..colon], out ulong key) || !TryId(pair[(colon + 1)..], out ulong value)) return null;
            pairs.Add(KeyValuePair.Create(key, value));
        }

        return pairs;
    }

    private static bool TryId(string text, out ulong id) => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
