namespace AndyAI.Discord.Gateway;

/// <summary>What another connection (or another process) needs to RESUME a shard's gateway session.</summary>
/// <param name="SessionId">READY's <c>session_id</c>.</param>
/// <param name="ResumeUrl">READY's <c>resume_gateway_url</c>, or <see langword="null"/> to resume on the discovered gateway.</param>
/// <param name="Sequence">The last sequence number handed on; a resume replays everything after it.</param>
/// <param name="ManagedRoles">
/// The bot's managed role per guild of the shard (guild id → role id), as its previous owner learned them from
/// GUILD_CREATE: a resumed session gets no GUILD_CREATE, so a mention of that role is recognised only with them.
/// </param>
/// <param name="Guilds">
/// The shard's guilds as its previous owner kept them (ids, owners, roles and their permissions, channels, threads):
/// restored before the resume, so the guild count, permission checks and settings know them without GUILD_CREATE.
/// </param>
internal sealed record ShardSession(
    string SessionId,
    string? ResumeUrl,
    int Sequence,
    IReadOnlyDictionary<ulong, ulong>? ManagedRoles = null,
    IReadOnlyList<GuildSnapshot>? Guilds = null);
