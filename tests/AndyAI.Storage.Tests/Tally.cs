namespace AndyAI.Storage.Tests;

public sealed record Tally(string Name, int Count);
