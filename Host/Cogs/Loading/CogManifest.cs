namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// What a cog says about itself, read from its DLL's assembly attributes without loading it: <c>Version</c>/
/// <c>InformationalVersion</c>, <c>Description</c>, <c>Authors</c> (the assembly's company) and an
/// <c>&lt;AssemblyMetadata Include="HomePage" Value="…" /&gt;</c> (or <c>RepositoryUrl</c>, which SourceLink adds).
/// </summary>
/// <param name="Assembly">The assembly's name.</param>
/// <param name="Version">Its informational version without the commit suffix, else its assembly version.</param>
/// <param name="ContractVersion">The AndyAI.Abstractions version it was built against (major.minor).</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="Author">Its authors, or null when left at the SDK's default (the assembly name).</param>
/// <param name="HomePage">Where to learn more, or null.</param>
internal sealed record CogManifest(string Assembly, string Version, string ContractVersion, string? Description, string? Author, string? HomePage);
