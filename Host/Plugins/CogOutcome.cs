namespace AndyAI.Host.Plugins;

/// <summary>What a load, unload or reload did to one cog.</summary>
internal enum CogOutcomeKind
{
    /// <summary>Loaded and started.</summary>
    Loaded,

    /// <summary>A new build replaced the running one, and the old one was collected.</summary>
    Reloaded,

    /// <summary>Stopped and collected.</summary>
    Unloaded,

    /// <summary>Nothing to do: already running, or its files and settings did not change.</summary>
    Unchanged,

    /// <summary>Disabled in plugins.json; not loaded.</summary>
    Disabled,

    /// <summary>Did not load or start; <see cref="CogOutcome.Detail"/> says why. On a reload the old build keeps running.</summary>
    Failed,

    /// <summary>An instance was stopped but its load context was not collected (something still references its code).</summary>
    Leaked,
}

/// <summary>The outcome of one operation on one cog.</summary>
/// <param name="Cog">The cog's name.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Elapsed">How long the operation took.</param>
/// <param name="Detail">Why it failed or leaked, or a short note; null when there is nothing to add.</param>
/// <param name="Version">The version running afterwards, or null when none is.</param>
internal sealed record CogOutcome(string Cog, CogOutcomeKind Kind, TimeSpan Elapsed, string? Detail = null, string? Version = null)
{
    /// <summary>One line for chat and logs: <c>Utility: Reloaded 1.0.1 (84 ms)</c>.</summary>
    public override string ToString()
    {
        string version = Version is null ? "" : " " + Version;
        string detail = Detail is null ? "" : ": " + Detail;
        return $"{Cog}: {Kind}{version} ({Elapsed.TotalMilliseconds:0} ms){detail}";
    }
}
