using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Host.Cogs.Configuration;

/// <summary>The plugins.json file as written. Unknown properties are errors, so a typo never goes unnoticed.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class JsonPluginsFile
{
    public string? PluginsDirectory { get; set; }

    public string? DataDirectory { get; set; }

    public bool? Watch { get; set; }

    public string? Trust { get; set; }

    public List<string>? LoadOrder { get; set; }

    public Dictionary<string, JsonCogEntry>? Cogs { get; set; }
}
