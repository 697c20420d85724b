using System.Globalization;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Settings;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// What the guild's and the user's settings (<c>/settings</c>, <c>/model</c>) change about an answer, for mentions
/// and <c>/ask</c> alike: where and for whom the AI answers, the model, the system prompt with persona and language,
/// and the request's attribution (usage, quotas).
/// </summary>
internal sealed class AskerSettings(IBotSettings botSettings, MessageHandlerSettings settings, ILogger logger)
{
    /// <summary>The settings that apply to the user here; the defaults when the host cannot say (an answer never waits on them failing).</summary>
    public async ValueTask<EffectiveSettings> ForAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken)
    {
        try
        {
            return await botSettings.GetAsync(userId, guildId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.SettingsFailed(logger, ex, userId);
            return EffectiveSettings.Default;
        }
    }

    /// <summary>The request for <paramref name="turns"/>: the user's model over the guild's over the cog's, the composed system prompt, who asked.</summary>
    public LlmRequest Request(IReadOnlyList<ChatTurn> turns, EffectiveSettings effective, ulong userId, ulong? guildId, bool useCache) => new(turns)
    {
        Model = effective.Model ?? settings.Model,
        SystemPrompt = effective.ComposeSystemPrompt(settings.SystemPrompt),
        MaxOutputTokens = settings.MaxOutputTokens,
        CacheTimeToLive = useCache ? settings.CacheTimeToLive : null,
        UserId = userId,
        GuildId = guildId,
    };

    /// <summary>
    /// The answer as shown: a code block the output limit cut off, or one left open under a
    /// fallback note, is closed (else Discord would show the note as code), and a last line says so when the fallback
    /// model wrote it.
    /// </summary>
    public static string Shown(string text, LlmResult result)
    {
        // A note appended after an open code block would read as code.
        if (result.Truncated || result.FromFallback)
        {
            text = MessageSplitter.CloseOpenCodeBlock(text);
        }

        return result.FromFallback
            ? string.Create(CultureInfo.InvariantCulture, $"{text}\n\n-# {UserMessages.FromFallback(result.Model)}")
            : text;
    }
}
