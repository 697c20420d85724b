using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;

namespace ReflectionJsonCog;

/// <summary>
/// Serializes its own type with reflection-based System.Text.Json, which caches metadata for the type in a
/// process-wide cache (dotnet/runtime#65323). It unloads only if the host clears that cache.
/// </summary>
public sealed class ReflectionJsonCog : ICog
{
    public string Name => "ReflectionJson";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        string json = JsonSerializer.Serialize(new Payload("cog", 3));
        Payload back = JsonSerializer.Deserialize<Payload>(json)!;
        context.Commands.Add(new CommandDefinition("json", "Shows its JSON.", (c, ct) => new ValueTask(c.ReplyAsync(JsonSerializer.Serialize(back), ct))));
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
