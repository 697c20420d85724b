using System.Text.Json;
using System.Text.Json.Serialization;
using AndyAI.Emulator.Control;

namespace AndyAI.Emulator.Payloads;

/// <summary>Every type the emulator reads or writes, wire and control API alike.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(JsonUser))]
[JsonSerializable(typeof(JsonMember))]
[JsonSerializable(typeof(JsonMember[]))]
[JsonSerializable(typeof(JsonRole))]
[JsonSerializable(typeof(JsonRole[]))]
[JsonSerializable(typeof(JsonChannel))]
[JsonSerializable(typeof(JsonChannel[]))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(JsonMessage[]))]
[JsonSerializable(typeof(JsonMessageCreate))]
[JsonSerializable(typeof(JsonCreateDm))]
[JsonSerializable(typeof(JsonGuild))]
[JsonSerializable(typeof(JsonReady))]
[JsonSerializable(typeof(JsonHello))]
[JsonSerializable(typeof(JsonIdentify))]
[JsonSerializable(typeof(JsonResume))]
[JsonSerializable(typeof(JsonMessageDelete))]
[JsonSerializable(typeof(JsonTypingStart))]
[JsonSerializable(typeof(JsonGateway))]
[JsonSerializable(typeof(JsonGatewayBot))]
[JsonSerializable(typeof(JsonApplication))]
[JsonSerializable(typeof(JsonError))]
[JsonSerializable(typeof(JsonRateLimited))]
[JsonSerializable(typeof(JsonApplicationCommand))]
[JsonSerializable(typeof(JsonApplicationCommand[]))]
[JsonSerializable(typeof(JsonInteraction))]
[JsonSerializable(typeof(JsonInteractionCallback))]
[JsonSerializable(typeof(JsonInteractionCallbackData))]
[JsonSerializable(typeof(JsonControlWorld))]
[JsonSerializable(typeof(JsonControlInteraction))]
[JsonSerializable(typeof(JsonControlInteractionResponse[]))]
[JsonSerializable(typeof(JsonControlPostMessage))]
[JsonSerializable(typeof(JsonControlFlood))]
[JsonSerializable(typeof(JsonControlFloodStatus))]
[JsonSerializable(typeof(JsonControlFault))]
[JsonSerializable(typeof(JsonControlRequest[]))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(bool))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
