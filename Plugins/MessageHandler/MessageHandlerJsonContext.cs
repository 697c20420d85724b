using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Source-generated (de)serialization of the settings: reflection-based System.Text.Json would cache the cog's types
/// in the host's shared serializer state and keep the cog from unloading.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(MessageHandlerSettings))]
[JsonSerializable(typeof(AskState))]
internal sealed partial class MessageHandlerJsonContext : JsonSerializerContext;
