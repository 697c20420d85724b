using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>The verdict with a one-line explanation, and the cog's manifest when the image is usable.</summary>
internal readonly record struct CogImageCheck(CogImageVerdict Verdict, string? Problem, CogManifest? Manifest = null)
{
    public bool IsOk => Verdict == CogImageVerdict.Ok;
}
