namespace AndyAI.Services.Llm;

/// <summary>
/// Where <see cref="LlmService"/> reports the tokens each attributed request used, and asks whether a user or guild
/// is over its daily quota. The host implements it over the database; without one nothing is recorded or limited.
/// </summary>
public interface ILlmAccounting
{
    /// <summary>
    /// When the quota that stops <paramref name="userId"/> (in <paramref name="guildId"/>) resets, or
    /// <see langword="null"/> when the request may go ahead (no quota, under it, an owner, or the count is unknown).
    /// </summary>
    ValueTask<DateTimeOffset?> QuotaExceededUntilAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken);

    /// <summary>Records one provider call's tokens. Returns at once: the write happens in the background.</summary>
    void Record(LlmUsageEntry entry);
}
