using System.Globalization;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Answers messages that mention the bot (and direct messages) with the language model: the seed's message flow as
/// a cog. Settings: <c>cogs.MessageHandler.settings</c> in plugins.json (see docs/message-handler.md).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "ICog's end of life is StopAsync, which disposes it.")]
public sealed class MessageHandlerCog : ICog
{
    private CancellationTokenSource? _stopping;
    private IDisposable? _subscription;
    private MentionResponder? _responder;
    private readonly List<IKeyedRateLimiter> _ownLimiters = [];
    private ICogContext? _context;

    /// <inheritdoc />
    public string Name => "MessageHandler";

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The settings are invalid (the message names the key), or the cog was already started.</exception>
    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_context is not null)
        {
            throw new InvalidOperationException("The MessageHandler cog was already started.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        MessageHandlerSettings settings = MessageHandlerSettings.Load(context.Settings);
        IKeyedRateLimiter userLimiter = CreateLimiter(context, settings.UserRateLimit, "userRateLimit") ?? context.RateLimits.PerUser;
        IKeyedRateLimiter guildLimiter = CreateLimiter(context, settings.GuildRateLimit, "guildRateLimit") ?? context.RateLimits.PerGuild;

        _context = context;
        // Not linked to context.Unloading: the host signals it when a reload retires this instance, and an answer
        // already being written should still reach the user. StopAsync cancels it only when the stop deadline passes.
        _stopping = new CancellationTokenSource();
        var limits = new AnswerLimits(context.RateLimits, userLimiter, guildLimiter);
        _responder = new MentionResponder(context, settings, limits, _stopping.Token);
        _subscription = context.Discord.SubscribeMessages(MessageInterest.Mentions | MessageInterest.DirectMessages, _responder.HandleAsync);
        // The same buckets, cache and in-flight count as mentions: /ask is another door to the same answers.
        var ask = new AskCommand(context, settings, limits, _responder.InFlight, _stopping.Token);
        ask.Register(context.Interactions);
        new ForgetCommands(context.Memory, context.Logger).Register(context);
        new MyDataCommands(context.Memory, context.BotSettings, ask.ForgetAskerAsync, context.Time, context.Logger).Register(context);

        Log.Started(
            context.Logger,
            settings.Streaming,
            settings.CacheTimeToLive?.ToString() ?? "off",
            settings.HistoryMaxMessages,
            settings.HistoryMaxCharacters,
            Describe(settings.UserRateLimit),
            Describe(settings.GuildRateLimit));
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when no answer is being written (tests use it to wait for an answer to finish).</summary>
    internal Task WhenIdleAsync() => _responder?.InFlight.WhenIdleAsync() ?? Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        if (_context is null)
        {
            return;
        }

        _subscription?.Dispose();
        _subscription = null;
        int cancelled = 0;
        int untold = 0;
        if (_responder is not null)
        {
            try
            {
                // Answers in flight finish (a reload or shutdown never swallows a question being answered)...
                await _responder.InFlight.CloseAndWaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // ...until the host's stop deadline passes: then they are cancelled, and each tells its user so
                // (the host gives StopAsync a few more seconds once its token is cancelled).
                cancelled = _responder.InFlight.Count;
                await _stopping!.CancelAsync();
                try
                {
                    await _responder.InFlight.WhenIdleAsync().WaitAsync(MentionResponder.CutNoticeBudget, _context.Time, CancellationToken.None);
                }
                catch (TimeoutException)
                {
                    // A notice that could not be sent in time is logged by the answer itself.
                }

                untold = _responder.CutNoticesFailed;
            }
        }

        foreach (IKeyedRateLimiter limiter in _ownLimiters)
        {
            limiter.Dispose();
        }

        _ownLimiters.Clear();
        Log.Stopped(_context.Logger, cancelled, untold);
        _stopping?.Dispose();
        _stopping = null;
        _responder = null;
        _context = null;
    }

    private IKeyedRateLimiter? CreateLimiter(ICogContext context, BucketSettings? bucket, string key)
    {
        if (bucket is null)
        {
            return null;
        }

        try
        {
            IKeyedRateLimiter limiter = context.RateLimits.Create(bucket.ToPolicy());
            _ownLimiters.Add(limiter);
            return limiter;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"MessageHandler settings are invalid: {key}: {ex.Message}", ex);
        }
    }

    private static string Describe(BucketSettings? bucket) => bucket is null
        ? "host default"
        : string.Create(CultureInfo.InvariantCulture, $"{bucket.Capacity} + {bucket.TokensPerPeriod}/{bucket.PeriodSeconds} s");
}
