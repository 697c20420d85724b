namespace AndyAI.Cogs.MessageHandler;

/// <summary>The user's own settings (<c>/settings me</c>, <c>/model</c>); unset ones are null.</summary>
internal sealed record ExportedSettings(string? Model, string? Language, string? Persona);
