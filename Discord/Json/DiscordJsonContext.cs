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
[JsonSerializable(typeof(JsonApplicationCommand))]
[JsonSerializable(typeof(JsonApplicationCommand[]))]
[JsonSerializable(typeof(JsonApplicationCommandOption[]))]
[JsonSerializable(typeof(JsonApplicationCommandChoice[]))]
[JsonSerializable(typeof(JsonInteraction))]
[JsonSerializable(typeof(JsonInteractionData))]
[JsonSerializable(typeof(JsonInteractionDataOption[]))]
[JsonSerializable(typeof(JsonInteractionMember))]
[JsonSerializable(typeof(JsonResolvedData))]
[JsonSerializable(typeof(JsonResolvedChannel))]
[JsonSerializable(typeof(Dictionary<string, JsonUser>))]
[JsonSerializable(typeof(Dictionary<string, JsonInteractionMember>))]
[JsonSerializable(typeof(Dictionary<string, JsonResolvedRole>))]
[JsonSerializable(typeof(Dictionary<string, JsonResolvedChannel>))]
[JsonSerializable(typeof(Dictionary<string, JsonAttachment>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(JsonComponent))]
[JsonSerializable(typeof(JsonComponent[]))]
[JsonSerializable(typeof(JsonSelectOption[]))]
[JsonSerializable(typeof(JsonInteractionResponse))]
[JsonSerializable(typeof(JsonInteractionCallbackData))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
