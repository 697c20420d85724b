namespace AndyAI.Abstractions.Settings;

/// <summary>
/// What applies to one user in one place: the guild's settings with the user's own choices over them. Every value is
/// optional; <see langword="null"/> or empty means "the cog's or host's default". Added in contract 1.3.
/// </summary>
public sealed record EffectiveSettings
{
    /// <summary>Nothing chosen: every default applies.</summary>
    public static EffectiveSettings Default { get; } = new();

    /// <summary>The guild's system prompt, replacing the cog's and host's.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>The name the bot goes by in the guild (the model is told so).</summary>
    public string? PersonaName { get; init; }

    /// <summary>The user's persona line, appended to the system prompt ("answer like a pirate").</summary>
    public string? PersonaLine { get; init; }

    /// <summary>The language the user wants answers in ("German", "fr"), or <see langword="null"/>.</summary>
    public string? Language { get; init; }

    /// <summary>The model name to use: the user's choice, else the guild's default (see <c>ILlmService.Models</c>).</summary>
    public string? Model { get; init; }

    /// <summary>Channels of the guild where the AI answers; empty means every channel.</summary>
    public IReadOnlyList<ulong> AllowedChannelIds { get; init; } = [];

    /// <summary>Roles whose members may use the AI in the guild; empty means everyone.</summary>
    public IReadOnlyList<ulong> AiRoleIds { get; init; } = [];

    /// <summary>Whether the AI answers in <paramref name="channelId"/> (always in DMs: pass <see langword="null"/>).</summary>
    public bool AllowsChannel(ulong? channelId) => AllowsChannel(channelId, parentChannelId: null);

    /// <summary>
    /// Whether the AI answers in <paramref name="channelId"/>, or (for a thread) in the channel it was started in,
    /// <paramref name="parentChannelId"/>: a thread of an allowed channel is allowed too.
    /// </summary>
    public bool AllowsChannel(ulong? channelId, ulong? parentChannelId) =>
        channelId is not { } channel || AllowedChannelIds.Count == 0 || AllowedChannelIds.Contains(channel)
        || (parentChannelId is { } parent && AllowedChannelIds.Contains(parent));

    /// <summary>Whether a member with <paramref name="memberRoleIds"/> may use the AI (everyone when no role is required).</summary>
    public bool AllowsMember(IReadOnlyList<ulong> memberRoleIds)
    {
        ArgumentNullException.ThrowIfNull(memberRoleIds);
        if (AiRoleIds.Count == 0)
        {
            return true;
        }

        foreach (ulong role in memberRoleIds)
        {
            if (AiRoleIds.Contains(role))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The system prompt to send: <see cref="SystemPrompt"/> (else <paramref name="fallback"/>), then the persona
    /// name, the language and the user's persona line, each on a line of its own. <see langword="null"/> when there
    /// is nothing at all (the host's configured prompt then applies).
    /// </summary>
    public string? ComposeSystemPrompt(string? fallback)
    {
        string? basePrompt = SystemPrompt ?? fallback;
        if (PersonaName is null && Language is null && PersonaLine is null)
        {
            return basePrompt;
        }

        var lines = new List<string>(4);
        if (!string.IsNullOrWhiteSpace(basePrompt))
        {
            lines.Add(basePrompt);
        }

        if (PersonaName is not null)
        {
            lines.Add($"Your name here is {PersonaName}.");
        }

        if (Language is not null)
        {
            lines.Add($"Answer in {Language} unless asked otherwise.");
        }

        if (PersonaLine is not null)
        {
            lines.Add(PersonaLine);
        }

        return string.Join('\n', lines);
    }
}
