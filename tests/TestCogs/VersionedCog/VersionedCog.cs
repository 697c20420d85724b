using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;

namespace VersionedCog;

/// <summary>
/// One cog, three builds of the same assembly (VersionedCog.dll): V1 answers "v1", V2 answers "v2", and the
/// broken build throws from StartAsync. Tests reload between them.
/// </summary>
public sealed class VersionedCog : ICog
{
#if VERSION_BROKEN
    private const string Answer = "broken";
#elif VERSION_2
    private const string Answer = "v2";
#else
    private const string Answer = "v1";
#endif

    public string Name => "Versioned";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
#if VERSION_BROKEN
        throw new InvalidOperationException("the broken build refuses to start");
#else
        context.Commands.Add(new CommandDefinition("version", "Says which build runs.", (c, ct) => new ValueTask(c.ReplyAsync(Answer, ct))));
        return ValueTask.CompletedTask;
#endif
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
