using System.Globalization;
using System.Text;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Abstractions.Settings;
using AndyAI.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// <c>/ask prompt:&lt;text&gt; [private:&lt;bool&gt;]</c>: the mention flow as a slash command. Defers, streams the
/// answer into the original response (at most one edit per <c>streamEditIntervalMs</c>), continues past 2000
/// characters in follow-ups, with the mention path's cache, rate limits and notices. Without a prompt it opens a
/// modal for a long question. Under the answer: <b>Stop</b> while streaming, then <b>Regenerate</b> (asks again,
/// bypassing the cache, into the same message) and <b>Continue</b> (when the model stopped at its length limit);
/// only the asker may press them.
/// </summary>
internal sealed class AskCommand
{
    internal const string CommandName = "ask";
    internal const string PromptOption = "prompt";
    internal const string PrivateOption = "private";
    internal const string ModalPrefix = "ask-modal:";
    internal const string PromptInput = "prompt";
    internal const string ButtonPrefix = "ask:";
    internal const string ContinueInstruction = "Continue exactly where your previous answer stopped, without repeating anything.";
    internal const string StoppedMark = "*(stopped)*";

    private const int SlashOptionMaxLength = 6000;
    private const int ModalInputMaxLength = 4000;

    private readonly ILlmService _llm;
    private readonly IBotStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MessageHandlerSettings _settings;
    private readonly AnswerLimits _limits;
    private readonly InFlightTracker _inFlight;
    private readonly CancellationToken _stopping;
    private readonly AskStates _states;
    private readonly IConversationMemory _memory;
    private readonly ConversationBuilder _conversation;
    private readonly AnswerPlaces _places;
    private readonly AskerSettings _asker;

    public AskCommand(ICogContext context, MessageHandlerSettings settings, AnswerLimits limits, InFlightTracker inFlight, CancellationToken stopping)
    {
        _llm = context.Llm;
        _statistics = context.Statistics;
        _time = context.Time;
        _logger = context.Logger;
        _settings = settings;
        _limits = limits;
        _inFlight = inFlight;
        _stopping = stopping;
        _memory = context.Memory;
        _conversation = new ConversationBuilder(context.Discord, settings, _logger);
        ICogStorage? storage;
        try
        {
            storage = context.Storage;
        }
        catch (NotSupportedException)
        {
            storage = null; // a 1.1 host: buttons work until this instance stops
        }

        _states = new AskStates(storage, _time, _logger);
        _places = new AnswerPlaces(settings);
        _asker = new AskerSettings(context.BotSettings, settings, _logger);
    }

    /// <summary>Declares <c>/ask</c>, its modal and its buttons.</summary>
    /// <summary>Deletes what the buttons of <paramref name="askerId"/>'s answers keep (questions and answers), for <c>/mydata delete</c>.</summary>
    public Task<int> ForgetAskerAsync(ulong askerId, CancellationToken cancellationToken) => _states.DeleteAskerAsync(askerId, cancellationToken);

    public void Register(IInteractionRegistry interactions)
    {
        interactions.AddCommand(new SlashCommandDefinition(CommandName, "Asks the AI a question; leave the prompt out to write a long one.", AskAsync)
        {
            Options =
            [
                new SlashCommandOption(PromptOption, SlashOptionType.String, "Your question.") { MaxLength = Math.Min(_settings.MaxPromptLength, SlashOptionMaxLength) },
                new SlashCommandOption(PrivateOption, SlashOptionType.Boolean, "Only you see the answer."),
            ],
            Contexts = _settings.DirectMessages ? SlashCommandContexts.Guild | SlashCommandContexts.BotDm : SlashCommandContexts.Guild,
        });
        interactions.AddModalHandler(ModalPrefix, ModalSubmittedAsync);
        interactions.AddComponentHandler(ButtonPrefix, ButtonPressedAsync);
    }

    private async ValueTask AskAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        string? prompt = interaction.GetOption<string>(PromptOption);
        bool isPrivate = interaction.GetOption<bool>(PrivateOption);
        if (string.IsNullOrWhiteSpace(prompt))
        {
            var input = new ModalTextInput(PromptInput, "Your question")
            {
                Paragraph = true,
                MaxLength = Math.Min(_settings.MaxPromptLength, ModalInputMaxLength),
                Placeholder = "Ask anything; long questions welcome.",
            };
            await interaction.OpenModalAsync(new InteractionModal(ModalPrefix + (isPrivate ? "private" : "public"), "Ask the AI", [input]), cancellationToken);
            return;
        }

        await AnswerQuestionAsync(interaction, prompt.Trim(), isPrivate, "command", cancellationToken);
    }

    private async ValueTask ModalSubmittedAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        string prompt = interaction.ModalValues.GetValueOrDefault(PromptInput, "").Trim();
        bool isPrivate = string.Equals(interaction.CustomId, ModalPrefix + "private", StringComparison.Ordinal);
        if (prompt.Length == 0)
        {
            await interaction.ReplyAsync(InteractionReply.Private(UserMessages.EmptyQuestion), cancellationToken);
            return;
        }

        await AnswerQuestionAsync(interaction, prompt, isPrivate, "modal", cancellationToken);
    }

    /// <summary>A new question: checks where and how often, then defers and writes the answer into the original response.</summary>
    private async Task AnswerQuestionAsync(IInteractionContext interaction, string prompt, bool isPrivate, string kind, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(interaction, cancellationToken) is { } refusal)
        {
            await interaction.ReplyAsync(InteractionReply.Private(refusal), cancellationToken);
            return;
        }

        if (prompt.Length > _settings.MaxPromptLength)
        {
            await interaction.ReplyAsync(InteractionReply.Private(UserMessages.PromptTooLong(prompt.Length, _settings.MaxPromptLength)), cancellationToken);
            return;
        }

        if (!await PassesQuotaAsync(interaction, kind, cancellationToken)
            || !await PassesRateLimitsAsync(interaction, cancellationToken) || !await TryEnterAsync(interaction, cancellationToken))
        {
            return;
        }

        try
        {
            Log.AskAccepted(_logger, interaction.User.Id, interaction.ChannelId, kind, prompt.Length);
            if (_settings.LogContent)
            {
                Log.AskPromptContent(_logger, interaction.User.Id, prompt);
            }

            await interaction.DeferAsync(isPrivate, cancellationToken);
            var answer = new InteractionAnswer(interaction, isPrivate, startInOriginal: true);
            var ask = new AskState(interaction.User.Id, prompt, "", isPrivate, _time.GetUtcNow(), interaction.Id);
            // The user's conversation in this channel (as for a mention): earlier /ask and mention turns are context.
            ConversationHistory history = await FindHistoryAsync(interaction, cancellationToken);
            ChatTurn[] turns = history.Turns.Count > 0 ? _conversation.FromMemory(history, prompt) : [new ChatTurn(ChatRole.User, prompt)];
            await WriteAsync(interaction, answer, ask, turns, useCache: true, continuation: false, kind, history);
        }
        finally
        {
            _inFlight.Exit();
        }
    }

    /// <summary>
    /// Why the caller may not be answered here (this channel is not the AI's, or the server's AI roles leave them out),
    /// or null. Asked for a new question and again for Regenerate and Continue: a setting changed since the answer
    /// applies to its buttons too.
    /// </summary>
    private async Task<string?> RefusalAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        EffectiveSettings effective = await _asker.ForAsync(interaction.User.Id, interaction.GuildId, cancellationToken);
        if (!IsAllowedHere(interaction))
        {
            return UserMessages.NotAnsweredHere;
        }

        if (!effective.AllowsChannel(interaction.GuildId is null ? null : interaction.ChannelId, interaction.ParentChannelId))
        {
            // The server chose its AI channels (/settings guild channels): say which, so the member knows where to go.
            return UserMessages.NotAnsweredHereAskIn(effective.AllowedChannelIds);
        }

        return interaction.GuildId is not null && !effective.AllowsMember(interaction.MemberRoleIds) ? UserMessages.NoAccess : null;
    }

    /// <summary>
    /// Refuses a user over their daily quota privately, before anything public: otherwise a public /ask would show
    /// "thinking…" to the channel and then the refusal, and Regenerate would replace the answer on the message with it.
    /// The model call checks the quota again (it may run out in between), so this is only about where the refusal shows.
    /// </summary>
    private async Task<bool> PassesQuotaAsync(IInteractionContext interaction, string kind, CancellationToken cancellationToken)
    {
        if (await _llm.QuotaExceededUntilAsync(interaction.User.Id, interaction.GuildId, cancellationToken) is not { } resets)
        {
            return true;
        }

        Log.AskQuotaUsedUp(_logger, interaction.User.Id, kind, resets);
        await interaction.ReplyAsync(InteractionReply.Private(UserMessages.QuotaUsedUp(resets, interaction.GuildId is not null)), cancellationToken);
        return false;
    }

    /// <summary>Stop, Regenerate and Continue: <c>ask:&lt;action&gt;:&lt;asker&gt;:&lt;id&gt;</c>, pressed by the asker only.</summary>
    private async ValueTask ButtonPressedAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        string[] parts = (interaction.CustomId ?? "").Split(':');
        if (parts.Length != 4 || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong askerId))
        {
            await interaction.ReplyAsync(InteractionReply.Private(UserMessages.ButtonExpired), cancellationToken);
            return;
        }

        if (interaction.User.Id != askerId)
        {
            await interaction.ReplyAsync(InteractionReply.Private(UserMessages.OnlyTheAsker), cancellationToken);
            return;
        }

        string action = parts[1];
        string id = parts[3];
        if (action == "stop")
        {
            if (_states.TryStop(id, askerId))
            {
                await interaction.DeferAsync(cancellationToken: cancellationToken); // the answer's own task marks it stopped
            }
            else
            {
                await interaction.ReplyAsync(InteractionReply.Private(UserMessages.AlreadyFinished), cancellationToken);
            }

            return;
        }

        // The asker in the custom id is checked above; the stored answer must be theirs too. Discord only sends ids
        // that are on the message, but ids of public answers are visible to all: one crafted from another user's
        // answer id and the presser's own id must reach nothing.
        if (action is not ("regen" or "more") || await _states.FindAsync(id, cancellationToken) is not { } ask || ask.AskerId != askerId)
        {
            await interaction.ReplyAsync(InteractionReply.Private(UserMessages.ButtonExpired), cancellationToken);
            return;
        }

        if (await RefusalAsync(interaction, cancellationToken) is { } refusal)
        {
            await interaction.ReplyAsync(InteractionReply.Private(refusal), cancellationToken);
            return;
        }

        if (!await PassesQuotaAsync(interaction, action == "regen" ? "regenerate" : "continue", cancellationToken)
            || !await PassesRateLimitsAsync(interaction, cancellationToken) || !await TryEnterAsync(interaction, cancellationToken))
        {
            return;
        }

        try
        {
            await interaction.DeferAsync(cancellationToken: cancellationToken);
            if (action == "regen")
            {
                // Into the message the button is on, as a fresh answer: the cache would only give the same one back.
                // With the conversation the question had: the stored turns before it (not itself, not later ones).
                var answer = new InteractionAnswer(interaction, ask.Private, startInOriginal: true);
                ConversationHistory history = await FindHistoryAsync(interaction, cancellationToken);
                int asked = ask.QuestionId == 0 ? -1 : IndexOfQuestion(history, ask.QuestionId);
                ChatTurn[] turns = asked > 0
                    ? _conversation.FromMemory(history with { Turns = [.. history.Turns.Take(asked)] }, ask.Prompt)
                    : [new ChatTurn(ChatRole.User, ask.Prompt)];
                await WriteAsync(interaction, answer, ask with { Answer = "", Created = _time.GetUtcNow() }, turns, useCache: false, continuation: false, "regenerate");
            }
            else
            {
                // The message keeps its text; its Continue button goes (the continuation below carries the next one).
                await interaction.EditOriginalAsync(new InteractionReply(null) { Components = [RegenerateButton(askerId, id)] }, cancellationToken);
                var answer = new InteractionAnswer(interaction, ask.Private, startInOriginal: false);
                ChatTurn[] turns = [new(ChatRole.User, ask.Prompt), new(ChatRole.Assistant, ask.Answer), new(ChatRole.User, ContinueInstruction)];
                await WriteAsync(interaction, answer, ask with { Created = _time.GetUtcNow() }, turns, useCache: false, continuation: true, "continue");
            }
        }
        finally
        {
            _inFlight.Exit();
        }
    }

    /// <summary>
    /// Asks the model and shows the answer (or why there is none) in <paramref name="answer"/>'s messages, with the
    /// buttons that fit; never throws for the model's or Discord's failures.
    /// </summary>
    /// <param name="history">For a new question, its conversation: the answer is recorded as its next turn. Null for Regenerate and Continue (the question is already recorded).</param>
    private async Task WriteAsync(IInteractionContext interaction, InteractionAnswer answer, AskState ask, ChatTurn[] turns, bool useCache, bool continuation, string kind,
        ConversationHistory? history = null)
    {
        string id = AskStates.NewId();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        _states.StartStreaming(id, ask.AskerId, stop);
        long started = _time.GetTimestamp();
        try
        {
            EffectiveSettings effective = await _asker.ForAsync(ask.AskerId, interaction.GuildId, stop.Token);
            LlmRequest request = _asker.Request(turns, effective, ask.AskerId, interaction.GuildId, useCache);
            // A continuation goes on where the answer stopped: inside its code block, if it was cut in one.
            string reopen = continuation ? MessageSplitter.ReopenedCodeBlock(ask.Answer) : "";
            (LlmResult result, string text, bool stopped) = request.CacheTimeToLive is not null && await _llm.TryGetCachedAsync(request, stop.Token) is { } cached
                ? (cached, cached.Text, false)
                : await AskModelAsync(request, answer, ask.AskerId, id, stop, reopen);
            if (stopped)
            {
                string shown = text.Length > 0 ? $"{MessageSplitter.CloseOpenCodeBlock(reopen + text)}\n\n{StoppedMark}" : StoppedMark;
                await answer.ShowAsync(MassMentionDefuser.Defuse(shown), continuation ? [] : [RegenerateButton(ask.AskerId, id)], isFinal: true, _stopping);
                await _states.SaveAsync(id, ask with { Answer = ask.Answer + text }, _stopping);
                Log.AskAnswered(_logger, ask.AskerId, interaction.ChannelId, kind, text.Length, answer.Count, false, false, true, (long)_time.GetElapsedTime(started).TotalMilliseconds);
                return;
            }

            if (!result.IsOk || string.IsNullOrWhiteSpace(text))
            {
                _stopping.ThrowIfCancellationRequested(); // the cog is stopping: the catch below says so
                string notice = result.IsOk ? UserMessages.EmptyAnswer : UserMessages.ForOutcome(result, interaction.GuildId is not null);
                if (result.Outcome == LlmOutcome.QuotaExceeded)
                {
                    Log.AskQuotaUsedUp(_logger, ask.AskerId, kind, result.QuotaResetsAt);
                }
                else
                {
                    Log.AskLlmFailed(_logger, ask.AskerId, kind, result.Outcome, result.Attempts, result.IsOk ? "empty answer" : result.Detail);
                }

                _statistics.Increment(MentionResponder.FailedCounter);
                string shown = answer.Count > 0 ? $"{MessageSplitter.CloseOpenCodeBlock(answer.Shown)}\n\n*({notice})*" : notice;
                await _states.SaveAsync(id, ask, _stopping);
                // Regenerate retries a failure; a used-up quota stays used up until it resets, so it gets none.
                bool retryable = !continuation && result.Outcome != LlmOutcome.QuotaExceeded;
                await answer.ShowAsync(shown, retryable ? [RegenerateButton(ask.AskerId, id)] : [], isFinal: true, _stopping);
                return;
            }

            await _states.SaveAsync(id, ask with { Answer = ask.Answer + text }, _stopping);
            List<InteractionComponent> buttons = continuation ? [] : [RegenerateButton(ask.AskerId, id)];
            if (result.Truncated)
            {
                buttons.Add(InteractionComponent.Button($"{ButtonPrefix}more:{ask.AskerId}:{id}", "Continue", InteractionButtonStyle.Primary));
            }

            await answer.ShowAsync(MassMentionDefuser.Defuse(AskerSettings.Shown(reopen + text, result)), buttons, isFinal: true, _stopping);
            _statistics.Increment(MentionResponder.AnsweredCounter);
            if (history is not null)
            {
                await RememberAsync(interaction, ask, result with { Text = text }, answer, history);
            }

            Log.AskAnswered(_logger, ask.AskerId, interaction.ChannelId, kind, text.Length, answer.Count, result.FromCache, result.Truncated, false, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            await SayCutAsync(answer, ask.AskerId);
        }
        catch (DiscordApiException ex)
        {
            Log.AskDiscordFailed(_logger, ex, ask.AskerId, kind, ex.HttpStatus, ex.Code);
            _statistics.Increment(MentionResponder.FailedCounter);
        }
        finally
        {
            _states.EndStreaming(id);
        }
    }

    /// <summary>Streams (or, with streaming off, completes) the answer; a press of Stop ends it early with the text so far.</summary>
    /// <param name="reopen">Shown before the text while it streams (a continuation's reopened code block); not part of the returned text.</param>
    private async Task<(LlmResult Result, string Text, bool Stopped)> AskModelAsync(LlmRequest request, InteractionAnswer answer, ulong askerId, string id, CancellationTokenSource stop, string reopen)
    {
        long started = _time.GetTimestamp();
        CancellationToken token = stop.Token;
        var text = new StringBuilder();
        LlmResult? result = null;
        try
        {
            if (!_settings.Streaming)
            {
                result = await _llm.CompleteAsync(request, token);
            }
            else
            {
                InteractionComponent[] streamingButtons = [InteractionComponent.Button($"{ButtonPrefix}stop:{askerId}:{id}", "Stop", InteractionButtonStyle.Danger)];
                long lastShown = started;
                await foreach (LlmStreamUpdate update in _llm.StreamAsync(request, token).WithCancellation(token))
                {
                    if (update.Result is { } final)
                    {
                        result = final;
                        break;
                    }

                    text.Append(update.Delta);
                    if (update.Delta.Length > 0 && _time.GetElapsedTime(lastShown) >= _settings.StreamEditInterval && !ConversationTurns.IsWhiteSpace(text))
                    {
                        await answer.ShowAsync(MassMentionDefuser.Defuse(reopen + text), streamingButtons, isFinal: false, token);
                        lastShown = _time.GetTimestamp();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            return (new LlmResult { Outcome = LlmOutcome.Cancelled }, text.ToString(), true);
        }

        if (result is { Outcome: LlmOutcome.Cancelled } && token.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            return (result, text.ToString(), true);
        }

        result ??= new LlmResult { Outcome = LlmOutcome.Unavailable, Detail = "the stream ended without a final result" };
        if (result.Outcome != LlmOutcome.Cancelled)
        {
            _statistics.RecordDuration(MentionResponder.LlmLatencyHistogram, _time.GetElapsedTime(started));
        }

        return (result, result.IsOk && !string.IsNullOrWhiteSpace(result.Text) ? result.Text : text.ToString(), false);
    }

    private static int IndexOfQuestion(ConversationHistory history, ulong questionId)
    {
        for (int i = 0; i < history.Turns.Count; i++)
        {
            if (history.Turns[i].QuestionMessageId == questionId)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The asker's conversation in this channel (in a thread: everything in it); memory never stands between a user and an answer.</summary>
    private async Task<ConversationHistory> FindHistoryAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        if (_settings.HistoryMaxMessages == 0 || interaction.ChannelId is not { } channelId)
        {
            return ConversationHistory.Empty;
        }

        try
        {
            return await _memory.FindAsync(new ConversationQuery
            {
                UserId = interaction.User.Id,
                ChannelId = channelId,
                GuildId = interaction.GuildId,
                IsThread = interaction.IsInThread,
                MaxTurns = (_settings.HistoryMaxMessages + 1) / 2,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.AskMemoryFailed(_logger, ex, interaction.User.Id);
            return ConversationHistory.Empty;
        }
    }

    /// <summary>
    /// Records the answered question as the next turn of its conversation (the interaction's id stands for the
    /// question's message); a private one is not recorded.
    /// </summary>
    private async Task RememberAsync(IInteractionContext interaction, AskState ask, LlmResult result, InteractionAnswer answer, ConversationHistory history)
    {
        // A private question stays private: stored, it would be context for the asker's public answers and for anyone
        // replying into the conversation.
        if (ask.Private || interaction.ChannelId is not { } channelId || interaction.Id == 0)
        {
            return;
        }

        try
        {
            ConversationTurn turn = ConversationTurns.Answered(ask.AskerId, channelId, interaction.GuildId, interaction.Id, answer.FollowUpIds,
                ask.Prompt, result, result.Model ?? _settings.Model, _time.GetUtcNow());
            await _memory.AppendAsync(history, turn, _stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            Log.AskMemoryFailed(_logger, ex, ask.AskerId);
        }
    }

    /// <summary>The cog stopped before the answer was done: the user hears so, within a short budget of its own.</summary>
    private async Task SayCutAsync(InteractionAnswer answer, ulong askerId)
    {
        using var budget = new CancellationTokenSource(MentionResponder.CutNoticeBudget, _time);
        try
        {
            string shown = answer.Count > 0 ? $"{MessageSplitter.CloseOpenCodeBlock(answer.Shown)}\n\n{UserMessages.CutByRestart}" : UserMessages.RestartedWhileAnswering;
            await answer.ShowAsync(shown, [], isFinal: true, budget.Token);
        }
        catch (Exception ex) when (ex is DiscordApiException or OperationCanceledException or ObjectDisposedException)
        {
            Log.AskCutNoticeFailed(_logger, ex, askerId);
        }
    }

    private bool IsAllowedHere(IInteractionContext interaction) => interaction.GuildId is { } guildId
        ? _places.Allows(guildId, interaction.ChannelId, interaction.ParentChannelId)
        : _settings.DirectMessages;

    /// <summary>The mention path's buckets: a token from the user's, then from the guild's (one round trip when shared); a refusal is private.</summary>
    private async ValueTask<bool> PassesRateLimitsAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        RateLimitDecisions taken = await _limits.TakeAsync(interaction.User.Id, interaction.GuildId, cancellationToken);
        if (taken.IsAllowed)
        {
            return true;
        }

        _statistics.Increment(MentionResponder.RateLimitDeniedCounter);
        string notice = taken.First.IsAllowed ? UserMessages.GuildCooldown(taken.Second.RetryAfter) : UserMessages.UserCooldown(taken.First.RetryAfter);
        await interaction.ReplyAsync(InteractionReply.Private(notice), cancellationToken);
        return false;
    }

    /// <summary>Counts the answer in the cog's in-flight work (a reload lets it finish); refuses once the cog is stopping.</summary>
    private async ValueTask<bool> TryEnterAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        if (_inFlight.TryEnter())
        {
            return true;
        }

        await interaction.ReplyAsync(InteractionReply.Private(UserMessages.RestartingNow), cancellationToken);
        return false;
    }

    private static InteractionComponent RegenerateButton(ulong askerId, string id) =>
        InteractionComponent.Button($"{ButtonPrefix}regen:{askerId}:{id}", "Regenerate", InteractionButtonStyle.Secondary);
}
