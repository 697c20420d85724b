using System.Text.Json.Serialization;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>A token bucket: <see cref="Capacity"/> requests at once, then <see cref="TokensPerPeriod"/> more every <see cref="PeriodSeconds"/>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class BucketSettings
{
    /// <value>Tokens a full bucket holds (the burst). Required.</value>
    public int Capacity { get; set; }

    /// <value>Tokens added each period. Defaults to 1.</value>
    public int TokensPerPeriod { get; set; } = 1;

    /// <value>The refill period in seconds (fractions allowed). Required.</value>
    public double PeriodSeconds { get; set; }

    internal void Validate(string key, List<string> errors)
    {
        MessageHandlerSettings.CheckRange(errors, key + ".capacity", Capacity, 1, 1_000_000);
        MessageHandlerSettings.CheckRange(errors, key + ".tokensPerPeriod", TokensPerPeriod, 1, 1_000_000);
        MessageHandlerSettings.CheckRange(errors, key + ".periodSeconds", PeriodSeconds, 0.001, 86_400);
    }

    internal AndyAI.Abstractions.RateLimiting.RateLimitPolicy ToPolicy() => new(Capacity, TokensPerPeriod, TimeSpan.FromSeconds(PeriodSeconds));
}
