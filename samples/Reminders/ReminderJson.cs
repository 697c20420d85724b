using System.Text.Json.Serialization;

namespace AndyAI.Samples.Reminders;

/// <summary>Source-generated JSON: reflection over a cog's types would pin its load context after unload.</summary>
[JsonSerializable(typeof(Reminder))]
[JsonSerializable(typeof(string))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ReminderJson : JsonSerializerContext;
