namespace AndyAI.Host.Cogs.Loading;

/// <summary>A package's files copied to a folder of their own, ready to load.</summary>
/// <param name="Directory">The copy's folder.</param>
/// <param name="Fingerprint">SHA-256 over the copied file names and bytes, to tell whether a reload would change anything.</param>
internal sealed record CogShadowCopy(string Directory, string Fingerprint);
