namespace AndyAI.Abstractions.Interactions;

/// <summary>A file sent with an interaction reply (contract 1.2), such as a data export.</summary>
/// <param name="FileName">The name the user sees, without a path.</param>
/// <param name="Content">The bytes (Discord's upload limit applies: 10 MB for bots by default).</param>
public sealed record InteractionFile(string FileName, ReadOnlyMemory<byte> Content);
