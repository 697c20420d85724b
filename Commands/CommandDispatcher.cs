using System.Diagnostics.Metrics;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Discord;
using AndyAI.Commands.Parsing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Commands;

/// <summary>
/// Receives prefixed messages, mentions and DMs from the bot and runs the commands they invoke: owner check,
/// argument parsing, per-user cooldown, then the handler. Every failure ends in a short reply or silence, never in
/// an exception escaping to the gateway.
/// </summary>
internal sealed class CommandDispatcher(
    CommandCatalog catalog,
    IDiscordBot bot,
    IBotOwners owners,
    TimeProvider time,
    ILogger<CommandDispatcher> logger,
    CommandsOptions options,
    IMeterFactory? meters = null,
    ICogGuildSwitch? cogSwitch = null) : IHostedService, IDisposable
{
    // By command: the host's statistics (!stats) sum them over commands under commands.invoked/failed/denied.
    private readonly CommandCounters _counters = new(meters);
    private readonly CooldownTracker _cooldowns = new(time);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentCommands, options.MaxConcurrentCommands);
    private readonly InFlightTracker _running = new();
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription ??= bot.SubscribeMessages(
            MessageInterest.Prefixed | MessageInterest.Mentions | MessageInterest.DirectMessages,
            HandleMessageAsync);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking commands, cancels the running ones and waits for them (until the host's deadline).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
        _running.Close();
        await _stopping.CancelAsync();
        try
        {
            await _running.WhenIdleAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's stop deadline passed; the cancelled commands end on their own.
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
        _stopping.Cancel();
    }

    /// <summary>Completes when no command is running (tests; shutdown).</summary>
    internal Task WhenIdleAsync() => _running.WhenIdleAsync();

    /// <summary>
    /// Called on the bot's delivery loop for this subscriber: only the cheap match runs here. A command runs as its
    /// own task, so a slow one (a reload, a REST round trip) never delays the next message; at most
    /// <see cref="CommandsOptions.MaxConcurrentCommands"/> run at once.
    /// </summary>
    internal async ValueTask HandleMessageAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        if (message.Author.IsBot || message.IsWebhook)
        {
            return; // never answer bots (ourselves included): two bots could answer each other forever
        }

        Invocation invocation = catalog.Match(message);
        if (invocation.Kind == InvocationKind.None)
        {
            return;
        }

        await _slots.WaitAsync(cancellationToken);
        if (!_running.TryEnter())
        {
            _slots.Release(); // stopping: the command is dropped like any message after unsubscribing
            return;
        }

        _ = RunAsync(message, invocation);
    }

    /// <summary>
    /// One command's detached task; it leaves <see cref="_running"/> and its slot whatever happens, at the latest after
    /// <see cref="CommandsOptions.HandlerTimeout"/>. The command runs on a thread-pool thread of its own, so one whose
    /// handler blocks synchronously is still timed out here.
    /// </summary>
    private async Task RunAsync(DiscordMessage message, Invocation invocation)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        Task execution = Task.Run(() => ExecuteAsync(message, invocation, cancellation.Token), CancellationToken.None);
        try
        {
            await execution.WaitAsync(options.HandlerTimeout, time);
        }
        catch (TimeoutException)
        {
            await cancellation.CancelAsync();
            CommandsLog.TimedOut(logger, invocation.InvokedAs, invocation.Command?.Owner ?? "?", message.Author.Id, DurationText.Format(options.HandlerTimeout));
            _counters.Failed(invocation.InvokedAs, "timeout");
            await ReplyAsync(message, $"Sorry, `{catalog.Prefix}{invocation.InvokedAs.Replace('`', '\'')}` took longer than {UsageFormatter.FormatDuration(options.HandlerTimeout)} and was abandoned.", _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            CommandsLog.Cancelled(logger, invocation.InvokedAs);
        }
#pragma warning disable CA1031 // nothing may escape a detached task; ExecuteAsync already handles the expected failures
        catch (Exception exception)
#pragma warning restore CA1031
        {
            CommandsLog.HandlerFailed(logger, exception, invocation.InvokedAs, invocation.Command?.Owner ?? "?", message.Author.Id);
        }
        finally
        {
            _running.Exit();
            _slots.Release();
            // An abandoned handler may still use its token: dispose the source only once it has ended.
            _ = execution.ContinueWith(static (_, state) => ((CancellationTokenSource)state!).Dispose(), cancellation, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ExecuteAsync(DiscordMessage message, Invocation invocation, CancellationToken cancellationToken)
    {
        string prefix = catalog.Prefix;
        if (invocation.Kind == InvocationKind.UnknownAfterMention)
        {
            if (options.HintUnknownCommandOnMention)
            {
                await ReplyAsync(message, $"I don't know `{prefix}{invocation.InvokedAs.Replace('`', '\'')}`. `{prefix}help` lists my commands.", cancellationToken);
            }

            return;
        }

        RegisteredCommand command = invocation.Command!;
        if (message.GuildId is { } guildId && cogSwitch is not null && !cogSwitch.IsEnabled(command.Owner, guildId))
        {
            CommandsLog.CogDisabledInGuild(logger, command.Name, command.Owner, guildId);
            return; // the guild turned the cog off: its commands do not run there
        }

        string invokedAs = invocation.InvokedAs;
        string shownName = prefix + invokedAs;
        bool isOwner = await IsOwnerAsync(message.Author.Id, cancellationToken);
        if (command.Definition.OwnerOnly && !isOwner)
        {
            CommandsLog.OwnerOnlyDenied(logger, message.Author.Id, message.Author.Username, command.Name, message.ChannelId);
            _counters.Denied(command.Name);
            await ReplyAsync(message, $"You are not allowed to use `{shownName}`: it is for the bot's owners.", cancellationToken);
            return;
        }

        if (!ArgumentParser.TryParse(command.Definition.Parameters, message.Content, invocation.ArgumentsStart, out object?[] values, out string? error))
        {
            CommandsLog.BadArguments(logger, command.Name, message.Author.Id);
            await ReplyAsync(message, $"{error} Usage: `{command.FormatUsage(prefix, invokedAs)}`", cancellationToken);
            return;
        }

        if (command.Definition.Cooldown is { } cooldown
            && !_cooldowns.TryEnter(command.Name, message.Author.Id, cooldown, out TimeSpan retryAfter, out bool notify))
        {
            CommandsLog.OnCooldown(logger, command.Name, message.Author.Id, DurationText.Format(retryAfter));
            if (notify)
            {
                await ReplyAsync(message, $"`{shownName}` is cooling down: try again in {UsageFormatter.FormatDuration(retryAfter)}.", cancellationToken);
            }

            return;
        }

        CommandsLog.Invoked(logger, command.Name, command.Owner, message.Author.Id, message.ChannelId);
        _counters.Invoked(command.Name);
        var context = new CommandContext(message, invokedAs, isOwner, command, values, bot);
        try
        {
            await command.Definition.Handler(context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CommandsLog.Cancelled(logger, command.Name);
        }
#pragma warning disable CA1031 // a cog's handler may throw anything; the user gets a short reply, the log the details
        catch (Exception exception)
#pragma warning restore CA1031
        {
            CommandsLog.HandlerFailed(logger, exception, command.Name, command.Owner, message.Author.Id);
            _counters.Failed(command.Name, "exception");
            await ReplyAsync(message, $"Sorry, `{shownName}` failed ({exception.GetType().Name}). The details are in the bot's log.", cancellationToken);
        }
    }

    private async ValueTask<bool> IsOwnerAsync(ulong userId, CancellationToken cancellationToken)
    {
        try
        {
            return await owners.IsOwnerAsync(userId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            CommandsLog.OwnerCheckFailed(logger, exception, userId);
            return false;
        }
    }

    private async ValueTask ReplyAsync(DiscordMessage message, string content, CancellationToken cancellationToken)
    {
        try
        {
            await bot.SendMessageAsync(
                message.ChannelId,
                new OutgoingMessage(content) { ReplyToMessageId = message.Id, MentionRepliedUser = false },
                cancellationToken);
        }
        catch (Exception exception) when (exception is DiscordApiException or HttpRequestException)
        {
            CommandsLog.ReplyFailed(logger, exception, message.ChannelId, message.Id);
        }
    }
}
