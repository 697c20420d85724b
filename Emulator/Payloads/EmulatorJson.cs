using System.Text.Json;

namespace AndyAI.Emulator.Payloads;

/// <summary>
/// The context every writer uses: like <see cref="EmulatorJsonContext.Default"/> but without escaping '+', '&lt;' or
/// non-ASCII text, so frames read like Discord's (<c>"+00:00"</c>, <c>"&lt;@123&gt;"</c>). Still valid, safely quoted JSON.
/// </summary>
internal static class EmulatorJson
{
    public static EmulatorJsonContext Context { get; } = new(new JsonSerializerOptions(EmulatorJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
