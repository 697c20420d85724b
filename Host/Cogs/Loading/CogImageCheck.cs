using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>The verdict with a one-line explanation.</summary>
internal readonly record struct CogImageCheck(CogImageVerdict Verdict, string? Problem)
{
    public bool IsOk => Verdict == CogImageVerdict.Ok;
}
