namespace AndyAI.Host.Cogs;

/// <summary>
/// One kind of registration a cog instance makes through its context (message handlers, commands, …), as its
/// <see cref="CogContextScope"/> drives it: staged until activation, taken back at deactivation. Implemented by
/// <see cref="StagedRegistrations{T}"/>.
/// </summary>
internal interface ICogSurface
{
    /// <summary>What the cog registers here, plural, for logs ("message handlers", "commands").</summary>
    string Kind { get; }

    /// <summary>Checks that <see cref="Activate"/> would succeed, changing nothing.</summary>
    /// <exception cref="InvalidOperationException">The surface would refuse (a name conflict).</exception>
    void EnsureCanActivate();

    /// <summary>Makes every staged registration live and returns how many there are.</summary>
    /// <exception cref="InvalidOperationException">The surface refused (a name conflict); nothing on it changed.</exception>
    int Activate();

    /// <summary>Takes back every registration, live or staged, and returns how many live ones were removed.</summary>
    int Deactivate();
}
