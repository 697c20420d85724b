using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;

namespace BlockingCog;

/// <summary>
/// Blocks its thread synchronously (the way <c>.Result</c>, <c>Thread.Sleep</c> or an endless loop would) at one point
/// of its life, named in <c>block.txt</c> next to its DLL: <c>constructor</c>, <c>start</c>, <c>stop</c>,
/// <c>unloading</c> (a callback on <see cref="ICogContext.Unloading"/>) or <c>command</c> (its <c>block</c> command).
/// The second line of block.txt is a file path: the cog blocks until that file exists, so a test can free the thread.
/// </summary>
public sealed class BlockingCog : ICog
{
    private readonly string _blockIn;
    private readonly string _release;

    public BlockingCog()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(typeof(BlockingCog).Assembly.Location)!, "block.txt"));
        _blockIn = lines[0].Trim();
        _release = lines[1].Trim();
        BlockIf("constructor");
    }

    public string Name => "Blocking";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        BlockIf("start");
        context.Unloading.Register(() => BlockIf("unloading"));
        context.Commands.Add(new CommandDefinition("block", "Blocks its thread.", (c, ct) =>
        {
            BlockIf("command");
            return new ValueTask(c.ReplyAsync("unblocked", ct));
        }));
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken)
    {
        BlockIf("stop");
        return ValueTask.CompletedTask;
    }

    private void BlockIf(string point)
    {
        if (_blockIn != point) return;
        while (!File.Exists(_release))
        {
            Thread.Sleep(20);
        }
    }
}
