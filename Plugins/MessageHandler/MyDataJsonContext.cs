using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The <c>/mydata export</c> file, written for the person reading it: indented, and with quotes, apostrophes and
/// non-ASCII text as written rather than escaped (it is a download, never inlined in HTML). Source-generated, as
/// every cog's JSON must be, so the cog can unload.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(MyDataExport))]
internal sealed partial class MyDataJsonContext : JsonSerializerContext
{
    /// <summary>The export's type info with the relaxed encoder (the attribute cannot set one).</summary>
    public static JsonTypeInfo<MyDataExport> Export { get; } = new MyDataJsonContext(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }).MyDataExport;
}
