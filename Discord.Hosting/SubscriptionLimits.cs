namespace AndyAI.Discord.Hosting;

/// <summary>The bounds every <see cref="Subscription{T}"/> shares.</summary>
internal static class SubscriptionLimits
{
    /// <summary>How many events may wait for a handler before the oldest is dropped.</summary>
    public const int Capacity = 1024;

    /// <summary>At most one "dropped" warning per subscriber per this interval; the count covers everything in between.</summary>
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);
}
