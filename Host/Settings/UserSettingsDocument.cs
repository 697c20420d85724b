namespace AndyAI.Host.Settings;

/// <summary>A user's own settings as stored (one JSON document per user).</summary>
internal sealed record UserSettingsDocument
{
    public string? Model { get; init; }

    public string? Language { get; init; }

    /// <summary>A line appended to the system prompt for this user's questions.</summary>
    public string? Persona { get; init; }
}
