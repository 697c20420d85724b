namespace AndyAI.Host.Cogs.Supervision;

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
