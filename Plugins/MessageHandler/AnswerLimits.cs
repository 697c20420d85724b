using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The buckets every answer takes a token from, whichever door it came in by (a mention, a DM, <c>/ask</c>): the
/// user's, then the guild's (none in a DM), through the host's one-call check (one round trip when the bot's
/// processes share their buckets).
/// </summary>
internal sealed class AnswerLimits(IRateLimitService rateLimits, IKeyedRateLimiter perUser, IKeyedRateLimiter perGuild)
{
    /// <summary>Takes the tokens for one answer to <paramref name="userId"/> in <paramref name="guildId"/> (<see langword="null"/>: a DM).</summary>
    /// <returns>The user's decision first; the guild's second (allowed when not asked: a denied user or a DM).</returns>
    public async ValueTask<RateLimitDecisions> TakeAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken) =>
        guildId is { } guild
            ? await rateLimits.TryAcquireBothAsync(perUser, userId, perGuild, guild, cancellationToken)
            : new RateLimitDecisions(await perUser.TryAcquireAsync(userId, 1, cancellationToken), RateLimitDecision.Allowed);
}
