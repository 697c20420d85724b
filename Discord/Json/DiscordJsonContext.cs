using System.Text.Json.Serialization;

namespace AndyAI.Discord.Json;

/// <summary>The one source-generated context for every Discord wire type.</summary>
/// <remarks>Snowflakes are read from strings or numbers; unknown fields are ignored.</remarks>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(JsonHello))]
[JsonSerializable(typeof(JsonIdentifyPayload))]
[JsonSerializable(typeof(JsonResumePayload))]
[JsonSerializable(typeof(JsonReady))]
[JsonSerializable(typeof(JsonGuild))]
[JsonSerializable(typeof(JsonGuildRoleEvent))]
[JsonSerializable(typeof(JsonChannel))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(JsonUser))]
[JsonSerializable(typeof(JsonUser[]))]
[JsonSerializable(typeof(JsonMessageReference))]
[JsonSerializable(typeof(JsonCreateMessage))]
[JsonSerializable(typeof(JsonEditMessage))]
[JsonSerializable(typeof(JsonGatewayBot))]
[JsonSerializable(typeof(JsonApplication))]
[JsonSerializable(typeof(JsonError))]
[JsonSerializable(typeof(JsonRateLimited))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
