using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The cog's settings: <c>cogs.MessageHandler.settings</c> in plugins.json. Property names are camelCase in JSON;
/// an unknown key is an error (a typo must not silently fall back to a default).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class MessageHandlerSettings
{
    internal const int MaxPromptLengthLimit = 100_000;
    internal const int HistoryMaxMessagesLimit = 50;
    internal const int HistoryMaxCharactersLimit = 200_000;
    internal const int MinStreamEditIntervalMs = 200;
    internal const int MaxStreamEditIntervalMs = 60_000;
    internal const int MaxCacheTtlSeconds = 7 * 24 * 3600;
    internal const int MaxOutputTokensLimit = 128_000;

    /// <value>Instructions for the model. Defaults to <see langword="null"/>: the host's configured system prompt.</value>
    public string? SystemPrompt { get; set; }

    /// <value>The model name. Defaults to <see langword="null"/>: the host's configured model (<c>Llm:Model</c>).</value>
    public string? Model { get; set; }

    /// <value>
    /// The most tokens an answer may have; the model stops there (<c>/ask</c> then offers Continue). Defaults to
    /// <see langword="null"/>: the host's <c>Llm:MaxOutputTokens</c>.
    /// </value>
    public int? MaxOutputTokens { get; set; }

    /// <value>The longest prompt (after mention tokens are removed) the cog accepts. Defaults to 4000 characters.</value>
    public int MaxPromptLength { get; set; } = 4000;

    /// <value>How many earlier messages of a reply chain become conversation turns. 0 turns history off. Defaults to 10.</value>
    public int HistoryMaxMessages { get; set; } = 10;

    /// <value>The most characters of earlier messages sent as history. Defaults to 8000.</value>
    public int HistoryMaxCharacters { get; set; } = 8000;

    /// <value>Whether answers are streamed into a message that is edited as the text arrives. Defaults to true.</value>
    public bool Streaming { get; set; } = true;

    /// <value>The shortest time between two edits of a streamed answer, in milliseconds. Defaults to 1000.</value>
    public int StreamEditIntervalMs { get; set; } = 1000;

    /// <value>How long an answer is reused for an identical conversation, in seconds; 0 turns caching off. Defaults to 3600.</value>
    public int CacheTtlSeconds { get; set; } = 3600;

    /// <value>Per-user token bucket. Defaults to <see langword="null"/>: the host's <c>RateLimits</c> per-user buckets.</value>
    public BucketSettings? UserRateLimit { get; set; }

    /// <value>Per-guild token bucket. Defaults to <see langword="null"/>: the host's <c>RateLimits</c> per-guild buckets.</value>
    public BucketSettings? GuildRateLimit { get; set; }

    /// <value>Guilds the cog answers in; empty (the default) means every guild.</value>
    public ulong[] AllowedGuildIds { get; set; } = [];

    /// <value>Guild channels the cog answers in; empty (the default) means every channel. Not applied to DMs.</value>
    public ulong[] AllowedChannelIds { get; set; } = [];

    /// <value>Whether direct messages are answered. Defaults to true.</value>
    public bool DirectMessages { get; set; } = true;

    /// <value>Whether prompts and answers may appear in logs (Debug level). Defaults to false.</value>
    public bool LogContent { get; set; }

    internal TimeSpan StreamEditInterval => TimeSpan.FromMilliseconds(StreamEditIntervalMs);

    internal TimeSpan? CacheTimeToLive => CacheTtlSeconds > 0 ? TimeSpan.FromSeconds(CacheTtlSeconds) : null;

    /// <summary>Reads and validates the settings object.</summary>
    /// <exception cref="InvalidOperationException">The JSON is malformed, has an unknown key, or a value is out of range; the message names the key.</exception>
    internal static MessageHandlerSettings Load(JsonElement element)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new MessageHandlerSettings();
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"MessageHandler settings must be a JSON object, not {element.ValueKind}.");
        }

        MessageHandlerSettings? settings;
        try
        {
            settings = element.Deserialize(MessageHandlerJsonContext.Default.MessageHandlerSettings);
        }
        catch (JsonException ex)
        {
            string where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at '{ex.Path.TrimStart('$', '.')}'";
            throw new InvalidOperationException($"MessageHandler settings are invalid{where}: {ex.Message}", ex);
        }

        settings ??= new MessageHandlerSettings();
        List<string> errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("MessageHandler settings are invalid: " + string.Join("; ", errors));
        }

        return settings;
    }

    /// <summary>Every problem, each naming its key; empty when the settings are usable.</summary>
    internal List<string> Validate()
    {
        var errors = new List<string>();
        CheckRange(errors, "maxPromptLength", MaxPromptLength, 1, MaxPromptLengthLimit);
        CheckRange(errors, "historyMaxMessages", HistoryMaxMessages, 0, HistoryMaxMessagesLimit);
        CheckRange(errors, "historyMaxCharacters", HistoryMaxCharacters, 0, HistoryMaxCharactersLimit);
        CheckRange(errors, "streamEditIntervalMs", StreamEditIntervalMs, MinStreamEditIntervalMs, MaxStreamEditIntervalMs);
        CheckRange(errors, "cacheTtlSeconds", CacheTtlSeconds, 0, MaxCacheTtlSeconds);
        if (MaxOutputTokens is { } maxOutputTokens)
        {
            CheckRange(errors, "maxOutputTokens", maxOutputTokens, 1, MaxOutputTokensLimit);
        }

        if (SystemPrompt is not null && string.IsNullOrWhiteSpace(SystemPrompt))
        {
            errors.Add("systemPrompt must not be blank (leave it out to use the host's system prompt)");
        }

        if (Model is not null && string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("model must not be blank (leave it out to use the host's model)");
        }

        if (AllowedGuildIds is null)
        {
            errors.Add("allowedGuildIds must be an array (empty for every guild)");
        }
        else if (Array.IndexOf(AllowedGuildIds, 0UL) >= 0)
        {
            errors.Add("allowedGuildIds must not contain 0");
        }

        if (AllowedChannelIds is null)
        {
            errors.Add("allowedChannelIds must be an array (empty for every channel)");
        }
        else if (Array.IndexOf(AllowedChannelIds, 0UL) >= 0)
        {
            errors.Add("allowedChannelIds must not contain 0");
        }

        UserRateLimit?.Validate("userRateLimit", errors);
        GuildRateLimit?.Validate("guildRateLimit", errors);
        return errors;
    }

    internal static void CheckRange(List<string> errors, string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between {min} and {max} (was {value})"));
        }
    }
}
