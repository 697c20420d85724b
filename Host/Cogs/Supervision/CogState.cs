namespace AndyAI.Host.Cogs.Supervision;

/// <summary>Where a cog is in its life.</summary>
internal enum CogState
{
    /// <summary>Started and receiving traffic.</summary>
    Running,

    /// <summary>Could not be loaded or started; <see cref="CogStatus.LastError"/> says why.</summary>
    Failed,

    /// <summary>Disabled in plugins.json.</summary>
    Disabled,

    /// <summary>Stopped and its load context collected.</summary>
    Unloaded,

    /// <summary>Stopped, but something still references its code, so its load context was not collected.</summary>
    Leaked,
}
