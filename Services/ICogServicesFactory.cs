namespace AndyAI.Services;

/// <summary>The host's seam to the services: one set per cog, so what a cog creates can be removed with it.</summary>
public interface ICogServicesFactory
{
    /// <summary>Creates the services handed to the named cog.</summary>
    ICogServices Create(string cogName);
}
