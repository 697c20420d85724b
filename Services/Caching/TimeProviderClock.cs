using Microsoft.Extensions.Internal;

namespace AndyAI.Services.Caching;

/// <summary>MemoryCache still takes the older <see cref="ISystemClock"/>; this adapts the injected <see cref="TimeProvider"/>.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
