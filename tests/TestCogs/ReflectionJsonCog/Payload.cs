namespace ReflectionJsonCog;

public sealed record Payload(string Kind, int Count);
