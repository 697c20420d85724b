namespace AndyAI.Host.Cogs.Supervision;

/// <summary>One line of the cog list (for <c>!cogs</c>).</summary>
/// <param name="Name">The cog's name (<c>ICog.Name</c> once loaded; the file name before).</param>
/// <param name="Package">The plugin file or folder name under run/plugins/.</param>
/// <param name="State">Its state.</param>
/// <param name="Version">The running build's version, or the failed build's; null when neither is known.</param>
/// <param name="LoadedAt">When the running instance started, or null.</param>
/// <param name="LastError">The last load/start/unload problem, one line, or null.</param>
/// <param name="HandlerErrorCount">How many times a handler or command of the running instance threw.</param>
/// <param name="LastHandlerError">The last such error, one line, or null.</param>
/// <param name="Retiring">Retired instances (a reload's previous build, an unload) still finishing their work.</param>
/// <param name="Manifest">What the running build's DLL (or, for a failed cog, the failed build's) says about itself; null when unknown.</param>
/// <param name="Jobs">The running instance's scheduled jobs (schedule, next and last run); null or empty when none.</param>
/// <param name="HttpRoutes">The running instance's HTTP routes (<c>GET /cogs/Builds/status</c>); null or empty when none.</param>
internal sealed record CogStatus(
    string Name,
    string Package,
    CogState State,
    string? Version,
    DateTimeOffset? LoadedAt,
    string? LastError,
    long HandlerErrorCount,
    string? LastHandlerError,
    int Retiring = 0,
    AndyAI.Host.Cogs.Loading.CogManifest? Manifest = null,
    IReadOnlyList<AndyAI.Host.Cogs.Jobs.JobStatus>? Jobs = null,
    IReadOnlyList<string>? HttpRoutes = null);
