using System.Text.Json.Serialization;

namespace AndyAI.Storage.Tests;

[JsonSerializable(typeof(Tally))]
internal sealed partial class TestJson : JsonSerializerContext;
