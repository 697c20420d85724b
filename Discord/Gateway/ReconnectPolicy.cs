namespace AndyAI.Discord.Gateway;

/// <summary>Delays between reconnect attempts: immediate after a healthy session, then jittered exponential backoff.</summary>
internal sealed class ReconnectPolicy(TimeSpan maxDelay, Random random)
{
    /// <summary>How long a connection must stay up after READY/RESUMED before the next drop reconnects at once.</summary>
    public static readonly TimeSpan HealthyAfter = TimeSpan.FromSeconds(60);

    /// <param name="attempt">0 after a session that reached READY/RESUMED; 1, 2, … for consecutive failures.</param>
    public TimeSpan GetDelay(int attempt)
    {
        if (attempt <= 0) return TimeSpan.Zero;
        double seconds = Math.Min(maxDelay.TotalSeconds, Math.Pow(2, Math.Min(attempt - 1, 16)));
        // Full jitter in [50 %, 100 %] so a fleet of shards does not reconnect in lockstep.
        return TimeSpan.FromSeconds(seconds * (0.5 + (random.NextDouble() * 0.5)));
    }

    /// <summary>Discord's rule after op 9 with <c>d: false</c>: wait a random 1–5 s before identifying again.</summary>
    public TimeSpan GetInvalidSessionDelay() => TimeSpan.FromSeconds(1 + (random.NextDouble() * 4));
}
