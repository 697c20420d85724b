namespace AndyAI.Discord.Gateway;

/// <summary>What another connection (or another process) needs to RESUME a shard's gateway session.</summary>
/// <param name="SessionId">READY's <c>session_id</c>.</param>
/// <param name="ResumeUrl">READY's <c>resume_gateway_url</c>, or <see langword="null"/> to resume on the discovered gateway.</param>
/// <param name="Sequence">The last sequence number handed on; a resume replays everything after it.</param>
internal sealed record ShardSession(string SessionId, string? ResumeUrl, int Sequence);
