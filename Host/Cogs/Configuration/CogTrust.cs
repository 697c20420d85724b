namespace AndyAI.Host.Cogs.Configuration;

/// <summary>Which cog packages the host loads (plugins.json <c>trust</c>).</summary>
internal enum CogTrust
{
    /// <summary>Every package in the plugins folder (the default). In Discord mode the host warns about packages plugins.json does not mention.</summary>
    Any,

    /// <summary>Only packages whose SHA-256 is listed under their <c>cogs.&lt;name&gt;.sha256</c>.</summary>
    Listed,
}
