using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Emulator.OpenAi.Payloads;

internal sealed class JsonChatRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("messages")] public List<JsonChatRequestMessage>? Messages { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("stream_options")] public JsonStreamOptions? StreamOptions { get; set; }
    [JsonPropertyName("temperature")] public float? Temperature { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }
}

internal sealed class JsonStreamOptions
{
    [JsonPropertyName("include_usage")] public bool? IncludeUsage { get; set; }
}

internal sealed class JsonChatRequestMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }

    // A string, or an array of content parts ({"type":"text","text":"..."}).
    [JsonPropertyName("content")] public JsonElement Content { get; set; }
}

internal sealed class JsonChatCompletion
{
    [JsonPropertyName("id")] public required string Id { get; set; }
    [JsonPropertyName("object")] public required string Object { get; set; }
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("model")] public required string Model { get; set; }
    [JsonPropertyName("choices")] public required List<JsonChoice> Choices { get; set; }
    [JsonPropertyName("usage")] public JsonUsage? Usage { get; set; }
}

internal sealed class JsonChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("message")] public JsonResponseMessage? Message { get; set; }
    [JsonPropertyName("delta")] public JsonResponseMessage? Delta { get; set; }

    // Serialized even when null: stream chunks carry "finish_reason": null until the last one.
    [JsonPropertyName("finish_reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }
}

internal sealed class JsonResponseMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
}

internal sealed class JsonUsage
{
    [JsonPropertyName("prompt_tokens")] public int PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; set; }
    [JsonPropertyName("total_tokens")] public int TotalTokens { get; set; }
}

internal sealed class JsonModelList
{
    [JsonPropertyName("object")] public string Object { get; set; } = "list";
    [JsonPropertyName("data")] public required List<JsonModel> Data { get; set; }
}

internal sealed class JsonModel
{
    [JsonPropertyName("id")] public required string Id { get; set; }
    [JsonPropertyName("object")] public string Object { get; set; } = "model";
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("owned_by")] public string OwnedBy { get; set; } = "andyai-fake";
}

internal sealed class JsonErrorEnvelope
{
    [JsonPropertyName("error")] public required JsonError Error { get; set; }
}

internal sealed class JsonError
{
    [JsonPropertyName("message")] public required string Message { get; set; }
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("param")] public string? Param { get; set; }
    [JsonPropertyName("code")] public string? Code { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonChatRequest))]
[JsonSerializable(typeof(JsonChatCompletion))]
[JsonSerializable(typeof(JsonModelList))]
[JsonSerializable(typeof(JsonErrorEnvelope))]
internal sealed partial class OpenAiFakeJsonContext : JsonSerializerContext;
