using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Services.RateLimiting;

/// <summary>What to take from one shared bucket: <paramref name="Permits"/> from <paramref name="Scope"/>/<paramref name="Key"/>, shaped by <paramref name="Policy"/>.</summary>
internal readonly record struct SharedBucketTake(string Scope, ulong Key, RateLimitPolicy Policy, int Permits);
