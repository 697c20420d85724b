using AndyAI.Abstractions;
using AndyAI.Abstractions.Discord;

namespace SlowAnswerCog;

/// <summary>
/// A MessageHandler-like cog whose answers span a reload: on a mention it replies "v1: started", then holds the
/// answer until the host begins to unload it (<see cref="ICogContext.Unloading"/>; at most 20 s), then replies
/// "v1: done". StopAsync waits for answers in flight, as a cog should when it wants them to complete. Two builds of
/// this one assembly (SlowAnswerCogV1/V2) say v1 or v2, so a test can tell which build answered.
/// </summary>
public sealed class SlowAnswerCog : ICog
{
#if SLOW_V2
    private const string Build = "v2";
#else
    private const string Build = "v1";
#endif
    private static readonly TimeSpan HoldAtMost = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly List<Task> _inFlight = [];
    private ICogContext? _context;
    private IDisposable? _subscription;

    public string Name => "SlowAnswer";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _subscription = context.Discord.SubscribeMessages(MessageInterest.Mentions, OnMentionAsync);
        return ValueTask.CompletedTask;
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        Task[] running;
        lock (_gate) running = [.. _inFlight];
        await Task.WhenAll(running).WaitAsync(cancellationToken);
        _context = null;
    }

    private ValueTask OnMentionAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        if (message.Author.IsBot || _context is not { } context) return ValueTask.CompletedTask;
        Task answer = AnswerAsync(context, message);
        lock (_gate) _inFlight.Add(answer);
        _ = answer.ContinueWith(t => { lock (_gate) _inFlight.Remove(t); }, TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }

    private static async Task AnswerAsync(ICogContext context, DiscordMessage message)
    {
        var reply = new OutgoingMessage(Build + ": started") { ReplyToMessageId = message.Id };
        await context.Discord.SendMessageAsync(message.ChannelId, reply, CancellationToken.None);
        try
        {
            await Task.Delay(HoldAtMost, context.Time, context.Unloading);
        }
        catch (OperationCanceledException)
        {
            // The host began a reload or unload: finish the answer anyway.
        }

        await context.Discord.SendMessageAsync(message.ChannelId, reply with { Content = Build + ": done" }, CancellationToken.None);
    }
}
