using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Host.Cogs.Configuration;

/// <summary>One entry of <c>cogs</c> in plugins.json.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class JsonCogEntry
{
    public bool? Enabled { get; set; }

    public JsonElement? Settings { get; set; }
}
