namespace AndyAI.Emulator.Tests.Conformance;

internal sealed class NodeEvent(JsonElement raw)
{
    public JsonElement Raw { get; } = raw;
    public string? Event { get; } = raw.TryGetProperty("event", out JsonElement e) ? e.GetString() : null;
    public string? Id { get; } = raw.TryGetProperty("id", out JsonElement i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
}
