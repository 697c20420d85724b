namespace AndyAI.Host.Cogs.Loading;

/// <summary>What tearing an instance down gave.</summary>
/// <param name="Collected">Whether its load context was collected (true when collection was not verified).</param>
/// <param name="Problems">What went wrong on the way (a throwing StopAsync, a timeout), or null.</param>
internal readonly record struct CogTeardownResult(bool Collected, string? Problems);
