using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>What the file header check found.</summary>
internal enum CogImageVerdict
{
    /// <summary>A complete .NET assembly built against a compatible contract.</summary>
    Ok,

    /// <summary>A PE file whose sections run past the end of the file: still being written (or cut short).</summary>
    Incomplete,

    /// <summary>Not a PE file at all, or a damaged one.</summary>
    Corrupt,

    /// <summary>A native DLL, not a .NET assembly.</summary>
    NotDotNet,

    /// <summary>A .NET assembly that does not reference AndyAI.Abstractions, so it cannot contain a cog.</summary>
    NoContract,

    /// <summary>Built against another major version of AndyAI.Abstractions.</summary>
    IncompatibleContract,
}
