using System.Text;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Abstractions.Settings;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Answers one message: decides whether it is for the bot, extracts the prompt, applies the rate limits, builds the
/// conversation, serves it from the cache or the model (streamed or whole), and posts the answer as replies.
/// Every failure becomes a short message to the user and a log line; nothing escapes to the host.
/// </summary>
internal sealed class MentionResponder
{
    // Statistic names the Utility cog's !stats reads.
    internal const string AnsweredCounter = BotStatisticNames.MentionsAnswered;
    internal const string RateLimitDeniedCounter = BotStatisticNames.RateLimitDenied;
    internal const string LlmLatencyHistogram = BotStatisticNames.LlmLatency;
    internal const string FailedCounter = BotStatisticNames.MentionsFailed;

    // Gateway frame read (DiscordMessage.ReceivedTimestamp; the mention taken when unknown) to complete answer sent
    // (andyai_answers_latency_seconds, the dashboard's percentiles) and to its first message
    // (andyai_answers_first_reply_seconds: the first streamed text, or the whole answer).
    internal const string AnswerLatencyHistogram = "answers.latency";
    internal const string FirstReplyHistogram = "answers.first_reply";

    private const int RecentMessageCapacity = 1024;

    // Discord's JSON error code for "Unknown Message": an edit or delete of a message that is gone.
    private const int UnknownMessageCode = 10008;

    /// <summary>
    /// How long a cut answer may take to tell its user, after the stop deadline. Under the 5 s the host gives a cog's
    /// StopAsync once its token is cancelled.
    /// </summary>
    internal static readonly TimeSpan CutNoticeBudget = TimeSpan.FromSeconds(3);

    /// <summary>How often a member without an AI role hears the refusal again.</summary>
    internal static readonly TimeSpan AccessNoticeWindow = TimeSpan.FromMinutes(1);

    private readonly IDiscordBot _discord;
    private readonly ICommandRegistry _commands;
    private readonly ILlmService _llm;
    private readonly IConversationMemory _memory;
    private readonly IBotStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MessageHandlerSettings _settings;
    private readonly AnswerLimits _limits;
    private readonly CancellationToken _stopping;
    private readonly ConversationBuilder _conversation;
    private readonly CooldownNotices _userNotices;
    private readonly CooldownNotices _guildNotices;
    private readonly RecentMessageIds _recent = new(RecentMessageCapacity);
    private readonly AnswerPlaces _places;
    private readonly AskerSettings _asker;
    private readonly CooldownNotices _accessNotices;

    public MentionResponder(
        ICogContext context,
        MessageHandlerSettings settings,
        AnswerLimits limits,
        CancellationToken stopping)
    {
        _discord = context.Discord;
        _commands = context.Commands;
        _llm = context.Llm;
        _memory = context.Memory;
        _statistics = context.Statistics;
        _time = context.Time;
        _logger = context.Logger;
        _settings = settings;
        _limits = limits;
        _stopping = stopping;
        _conversation = new ConversationBuilder(_discord, settings, _logger);
        _userNotices = new CooldownNotices(_time);
        _guildNotices = new CooldownNotices(_time);
        _places = new AnswerPlaces(settings);
        _asker = new AskerSettings(context.BotSettings, settings, _logger);
        _accessNotices = new CooldownNotices(_time);
    }

    public InFlightTracker InFlight { get; } = new();

    /// <summary>How many answers cut by the stop deadline could not tell their user so (the stop's summary says it).</summary>
    public int CutNoticesFailed => Volatile.Read(ref _cutNoticesFailed);

    private int _cutNoticesFailed;

    /// <summary>
    /// The message handler given to the host. Never throws, and returns at once: the host delivers a subscriber's
    /// messages one at a time, so waiting here for the model would make every other question wait for this one.
    /// </summary>
    /// <remarks>
    /// The subscription's token is deliberately not the answer's: unsubscribing (a reload retiring this instance)
    /// stops new questions, not one being answered. Answers end when they are done, or when StopAsync's deadline
    /// passes (<see cref="_stopping"/>).
    /// </remarks>
    public ValueTask HandleAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        if (message is not null && InFlight.TryEnter())
        {
            _ = AnswerInBackgroundAsync(message);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The detached task of one message: whatever happens is logged here, and the in-flight count released.</summary>
    private async Task AnswerInBackgroundAsync(DiscordMessage message)
    {
        try
        {
            await TriageAsync(message, _stopping);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            Log.Cancelled(_logger, message.Id);
        }
#pragma warning disable CA1031 // the last line of defence: a message must never take the cog or the host down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.UnexpectedFailure(_logger, ex, message.Id);
        }
        finally
        {
            InFlight.Exit();
        }
    }

    /// <summary>Decides whether and what to answer: for the bot, not a duplicate or a command, a usable prompt, within the rate limits.</summary>
    private async Task TriageAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        if (_discord.CurrentUser is not { } self || !IsForTheBot(message, self.Id))
        {
            return;
        }

        if (!_recent.TryAdd(message.Id))
        {
            Log.DuplicateIgnored(_logger, message.Id);
            return;
        }

        if (_commands.IsCommandInvocation(message))
        {
            return; // the command framework answers it
        }

        // The guild's settings: the channels the AI answers in (elsewhere it stays silent), the roles that may use it.
        EffectiveSettings effective = await _asker.ForAsync(message.Author.Id, message.GuildId, cancellationToken);
        if (!effective.AllowsChannel(message.IsDirectMessage ? null : message.ChannelId, message.ParentChannelId))
        {
            return;
        }

        if (!message.IsDirectMessage && !effective.AllowsMember(message.MemberRoleIds))
        {
            // Once per window per user: mentioning again and again must not make the bot post refusal after refusal.
            bool notify = _accessNotices.TryBeginWindow(message.Author.Id, AccessNoticeWindow);
            Log.NoAccess(_logger, message.Id, message.Author.Id, message.GuildId);
            if (notify)
            {
                await SendNoticeAsync(message, UserMessages.NoAccess, cancellationToken);
            }

            return;
        }

        string prompt = PromptExtractor.Extract(message.Content, self.Id, message.BotRoleId);
        if (prompt.Length == 0)
        {
            await SendNoticeAsync(message, UserMessages.UsageHint(self.Username, message.IsDirectMessage), cancellationToken);
            return;
        }

        if (prompt.Length > _settings.MaxPromptLength)
        {
            Log.PromptTooLong(_logger, message.Id, message.Author.Id, prompt.Length, _settings.MaxPromptLength);
            await SendNoticeAsync(message, UserMessages.PromptTooLong(prompt.Length, _settings.MaxPromptLength), cancellationToken);
            return;
        }

        if (await PassesRateLimitsAsync(message, cancellationToken))
        {
            await AnswerPromptAsync(message, prompt, self.Id, effective, cancellationToken);
        }
    }

    private bool IsForTheBot(DiscordMessage message, ulong botUserId)
    {
        if (message.IsWebhook || message.Author.IsBot || message.Author.Id == botUserId)
        {
            return false;
        }

        if (message.IsDirectMessage)
        {
            return _settings.DirectMessages;
        }

        return message.MentionsBot
            && _places.Allows(message.GuildId!.Value, message.ChannelId, message.ParentChannelId);
    }

    /// <summary>
    /// Takes a token from the user's bucket, then from the guild's (one round trip when the buckets are shared). A
    /// limited user hears about it once per window; a limited guild once per window for the whole guild (one notice
    /// per user would defeat a guild-wide limit).
    /// </summary>
    private async ValueTask<bool> PassesRateLimitsAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        ulong userId = message.Author.Id;
        RateLimitDecisions taken = await _limits.TakeAsync(userId, message.GuildId, cancellationToken);
        if (!taken.First.IsAllowed)
        {
            await DenyAsync(message, "user", _userNotices, userId, taken.First.RetryAfter, UserMessages.UserCooldown(taken.First.RetryAfter), cancellationToken);
            return false;
        }

        _userNotices.Forget(userId);
        if (!taken.Second.IsAllowed)
        {
            ulong guild = message.GuildId!.Value;
            await DenyAsync(message, "guild", _guildNotices, guild, taken.Second.RetryAfter, UserMessages.GuildCooldown(taken.Second.RetryAfter), cancellationToken);
            return false;
        }

        if (message.GuildId is { } allowedGuild)
        {
            _guildNotices.Forget(allowedGuild);
        }

        return true;
    }

    private async ValueTask DenyAsync(DiscordMessage message, string scope, CooldownNotices notices, ulong key, TimeSpan retryAfter, string notice, CancellationToken cancellationToken)
    {
        _statistics.Increment(RateLimitDeniedCounter);
        bool sendNotice = notices.TryBeginWindow(key, retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1));
        Log.RateLimited(_logger, message.Id, message.Author.Id, message.GuildId, scope, retryAfter, sendNotice);
        if (sendNotice)
        {
            await SendNoticeAsync(message, notice, cancellationToken);
        }
    }

    /// <summary>
    /// Posts the answer to <paramref name="prompt"/>, or a short notice saying why there is none. The typing indicator
    /// lives exactly as long as the answer is being written: it stops once, before any notice is sent.
    /// </summary>
    private async Task AnswerPromptAsync(DiscordMessage message, string prompt, ulong botUserId, EffectiveSettings effective, CancellationToken cancellationToken)
    {
        string? notice;
        // From the gateway frame when the host says when it arrived (queues included), else from now.
        long taken = message.ReceivedTimestamp != 0 ? message.ReceivedTimestamp : _time.GetTimestamp();
        var answer = new AnswerMessages(_discord, message.ChannelId, message.Id)
        {
            FirstPosted = () => _statistics.RecordDuration(FirstReplyHistogram, _time.GetElapsedTime(taken)),
        };
        try
        {
            await using (var typing = new TypingScope(_discord, message.ChannelId))
            {
                notice = await WriteAnswerAsync(message, prompt, botUserId, effective, typing, answer, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            await SayCutAsync(message, answer);
            throw;
        }

        if (notice is not null)
        {
            await SendNoticeAsync(message, notice, cancellationToken);
        }
    }

    /// <summary>Builds the conversation and posts the answer from the cache or the model; returns the notice to send instead, if any.</summary>
    private async Task<string?> WriteAnswerAsync(DiscordMessage message, string prompt, ulong botUserId, EffectiveSettings effective, TypingScope typing, AnswerMessages answer,
        CancellationToken cancellationToken)
    {
        long started = message.ReceivedTimestamp != 0 ? message.ReceivedTimestamp : _time.GetTimestamp();
        try
        {
            if (message.ReferencedMessageId is not null || message.ReferencedMessage is not null)
            {
                typing.Start(); // the reply chain takes REST round trips: show we are on it
            }

            ConversationHistory history = await FindHistoryAsync(message, cancellationToken);
            ChatTurn[] turns = await _conversation.BuildAsync(message, prompt, botUserId, history, cancellationToken);
            Log.Accepted(_logger, message.Id, message.Author.Id, message.ChannelId, prompt.Length, turns.Length);
            if (_settings.LogContent)
            {
                Log.PromptContent(_logger, message.Id, prompt);
            }

            LlmRequest request = _asker.Request(turns, effective, message.Author.Id, message.GuildId, useCache: true);
            if (request.CacheTimeToLive is not null && await _llm.TryGetCachedAsync(request, cancellationToken) is { } cached)
            {
                // No typing for a cached answer: posting it is the only work left.
                await answer.ShowAsync(MassMentionDefuser.Defuse(cached.Text), isFinal: true, cancellationToken);
                Answered(message, cached.Text, answer.Count, fromCache: true, started, truncated: false);
                await RememberAsync(message, prompt, cached, answer, history, cancellationToken);
                return null;
            }

            typing.Start();
            (LlmResult result, string text) = await AskModelAsync(request, answer, cancellationToken);
            if (!result.IsOk)
            {
                cancellationToken.ThrowIfCancellationRequested(); // our own cancellation: the cog is stopping (AnswerPromptAsync says so)
                if (result.Outcome == LlmOutcome.QuotaExceeded)
                {
                    Log.QuotaUsedUp(_logger, message.Id, message.Author.Id, result.QuotaResetsAt);
                }
                else
                {
                    Log.LlmFailed(_logger, message.Id, result.Outcome, result.Attempts, result.Detail);
                }

                _statistics.Increment(FailedCounter);
                return UserMessages.ForOutcome(result, message.GuildId is not null);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                Log.EmptyAnswer(_logger, message.Id);
                _statistics.Increment(FailedCounter);
                return UserMessages.EmptyAnswer;
            }

            string shown = AskerSettings.Shown(text, result);
            if (result.Truncated)
            {
                shown += "\n\n-# " + UserMessages.CutAtLengthLimit; // memory holds the cut answer: "continue" goes on from it
            }

            await answer.ShowAsync(MassMentionDefuser.Defuse(shown), isFinal: true, cancellationToken);
            Answered(message, text, answer.Count, fromCache: result.FromCache, started, result.Truncated);
            await RememberAsync(message, prompt, result with { Text = text }, answer, history, cancellationToken);
            return null;
        }
        catch (DiscordApiException ex) when (ex.Code == UnknownMessageCode && answer.Count > 0 && answer.AllIdsKnown)
        {
            // Someone (the asker, a moderator) deleted the answer while it was being written: that stops it. Posting
            // "couldn't post my answer, try again" under it would invite the question again and keep the model busy.
            Log.AnswerDeleted(_logger, message.Id);
            return null;
        }
        catch (DiscordApiException ex)
        {
            Log.DiscordFailed(_logger, ex, message.Id, ex.HttpStatus, ex.Code);
            _statistics.Increment(FailedCounter);
            return UserMessages.DiscordFailure;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.UnexpectedFailure(_logger, ex, message.Id);
            _statistics.Increment(FailedCounter);
            return UserMessages.UnexpectedFailure;
        }
    }

    /// <summary>
    /// Gets the answer from the model. Streaming: the text so far is shown at most once per edit interval, the
    /// first time one interval after the request (so a quick answer is posted once, whole), and the last update
    /// also waits for the interval. Returns the result and the full answer text.
    /// </summary>
    private async Task<(LlmResult Result, string Text)> AskModelAsync(LlmRequest request, AnswerMessages answer, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        if (!_settings.Streaming)
        {
            LlmResult complete = await _llm.CompleteAsync(request, cancellationToken);
            RecordLatency(complete, started);
            return (complete, complete.Text);
        }

        var text = new StringBuilder();
        long lastShown = started;
        LlmResult? result = null;
        await foreach (LlmStreamUpdate update in _llm.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken))
        {
            if (update.Result is { } final)
            {
                result = final;
                break;
            }

            if (update.Delta.Length == 0)
            {
                continue;
            }

            text.Append(update.Delta);
            if (_time.GetElapsedTime(lastShown) >= _settings.StreamEditInterval && !ConversationTurns.IsWhiteSpace(text))
            {
                await answer.ShowAsync(MassMentionDefuser.Defuse(text.ToString()), isFinal: false, cancellationToken);
                lastShown = _time.GetTimestamp();
            }
        }

        result ??= new LlmResult { Outcome = LlmOutcome.Unavailable, Detail = "the stream ended without a final result" };
        RecordLatency(result, started);
        string full = result.IsOk && !string.IsNullOrWhiteSpace(result.Text) ? result.Text : text.ToString();
        if (result.IsOk && answer.Count > 0)
        {
            TimeSpan wait = _settings.StreamEditInterval - _time.GetElapsedTime(lastShown);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
        }

        return (result, full);
    }

    /// <summary>
    /// The stored conversation this question continues: everything in the thread it was asked in, else the replied-to
    /// message's, or the user's recent one in this channel. Memory never stands between a user and an answer: a failure means answering without it.
    /// </summary>
    private async Task<ConversationHistory> FindHistoryAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        if (_settings.HistoryMaxMessages == 0)
        {
            return ConversationHistory.Empty;
        }

        try
        {
            return await _memory.FindAsync(new ConversationQuery
            {
                UserId = message.Author.Id,
                ChannelId = message.ChannelId,
                GuildId = message.GuildId,
                ReplyToMessageId = message.ReferencedMessageId ?? message.ReferencedMessage?.Id,
                IsThread = message.IsInThread,
                MaxTurns = (_settings.HistoryMaxMessages + 1) / 2,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.MemoryFindFailed(_logger, ex, message.Id);
            return ConversationHistory.Empty;
        }
    }

    /// <summary>Records the answered question as the next turn of its conversation (the host holds it during a database outage).</summary>
    private async Task RememberAsync(DiscordMessage message, string prompt, LlmResult result, AnswerMessages answer, ConversationHistory history, CancellationToken cancellationToken)
    {
        try
        {
            ConversationTurn turn = ConversationTurns.Answered(message.Author.Id, message.ChannelId, message.GuildId, message.Id, answer.MessageIds,
                prompt, result, result.Model ?? _settings.Model, _time.GetUtcNow());
            await _memory.AppendAsync(history, turn, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.MemoryAppendFailed(_logger, ex, message.Id);
        }
    }

    private void RecordLatency(LlmResult result, long started)
    {
        if (result.Outcome != LlmOutcome.Cancelled)
        {
            _statistics.RecordDuration(LlmLatencyHistogram, _time.GetElapsedTime(started));
        }
    }

    private void Answered(DiscordMessage message, string text, int messages, bool fromCache, long started, bool truncated)
    {
        _statistics.Increment(AnsweredCounter);
        _statistics.RecordDuration(AnswerLatencyHistogram, _time.GetElapsedTime(started));
        Log.Answered(_logger, message.Id, message.ChannelId, text.Length, messages, fromCache, truncated, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        if (_settings.LogContent)
        {
            Log.AnswerContent(_logger, message.Id, text);
        }
    }

    /// <summary>
    /// The cog was stopped (reload, unload, shutdown) before this answer was done and its drain budget is spent: the
    /// user hears so, within a short budget of its own. A partly streamed answer is marked as cut; otherwise a notice
    /// replies to the question.
    /// </summary>
    private async Task SayCutAsync(DiscordMessage message, AnswerMessages answer)
    {
        using var budget = new CancellationTokenSource(CutNoticeBudget, _time);
        try
        {
            if (answer.Count > 0)
            {
                await answer.MarkCutAsync(UserMessages.CutByRestart, budget.Token);
            }
            else
            {
                await _discord.SendMessageAsync(message.ChannelId, new OutgoingMessage(UserMessages.RestartedWhileAnswering) { ReplyToMessageId = message.Id }, budget.Token);
            }

            Log.CutByStop(_logger, message.Id, answer.Count > 0);
        }
        catch (Exception ex) when (ex is DiscordApiException or OperationCanceledException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _cutNoticesFailed);
            Log.CutNoticeFailed(_logger, ex, message.Id);
        }
    }

    /// <summary>A one-message reply (usage hint, refusal, cooldown, error). A failure to send is logged, not thrown.</summary>
    private async ValueTask SendNoticeAsync(DiscordMessage message, string text, CancellationToken cancellationToken)
    {
        try
        {
            await _discord.SendMessageAsync(message.ChannelId, new OutgoingMessage(text) { ReplyToMessageId = message.Id }, cancellationToken);
        }
        catch (DiscordApiException ex)
        {
            Log.NoticeFailed(_logger, ex, message.Id, ex.HttpStatus, ex.Code);
        }
    }
}
