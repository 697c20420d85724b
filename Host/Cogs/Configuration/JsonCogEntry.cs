using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Host.Cogs.Configuration;

/// <summary>One entry of <c>cogs</c> in plugins.json.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class JsonCogEntry
{
    public bool? Enabled { get; set; }

    public JsonElement? Settings { get; set; }

    /// <summary>A SHA-256 (hex) or an array of them: the builds of this package the trust policy accepts.</summary>
    public JsonElement? Sha256 { get; set; }
}
