using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Storage;
using Humanizer;
using Microsoft.Extensions.Logging;

namespace AndyAI.Samples.Reminders;

/// <summary>
/// The background loop that posts reminders when they are due. It sleeps until the next one (on the cog's
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock), wakes early when this instance adds a sooner one,
/// and looks again at least every <see cref="PollInterval"/> (another instance — the old one during a reload — may
/// have added some). It stops when the cog unloads; <see cref="StopAsync"/> waits for it, so nothing of the cog runs
/// after unload and its load context can be collected.
/// </summary>
internal sealed class ReminderLoop(ReminderBook book, IDiscordBot discord, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    /// <summary>The longest the loop sleeps without looking at the stored reminders.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long the loop waits after the database or the loop itself failed.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    /// <summary>How many times a reminder Discord would not take is tried before it is dropped.</summary>
    public const int MaxAttempts = 5;

    private readonly SemaphoreSlim _nudge = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private bool _paused;
    private int _disposed;

    /// <summary>Starts the loop; it runs until <paramref name="unloading"/> fires or <see cref="StopAsync"/>.</summary>
    public void Start(CancellationToken unloading)
    {
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(unloading, _stop.Token);
        _running = Task.Run(async () =>
        {
            using (stopping)
            {
                await RunAsync(stopping.Token);
            }
        }, CancellationToken.None);
    }

    /// <summary>Makes a sleeping loop look again now (a reminder was added).</summary>
    public void Nudge()
    {
        try
        {
            _nudge.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged: it looks once for both.
        }
        catch (ObjectDisposedException)
        {
            // Stopped: the next instance reads the stored reminders when it starts.
        }
    }

    /// <summary>Stops the loop and waits until it has (a post under way finishes or is put back).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _stop.CancelAsync();
            await _running;
            _stop.Dispose();
            _nudge.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                sleep = await PostDueAsync(stopping);
                if (_paused)
                {
                    _paused = false;
                    ReminderLog.StorageResumed(logger);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (StorageUnavailableException ex)
            {
                if (!_paused)
                {
                    _paused = true;
                    ReminderLog.StoragePaused(logger, ex.Message, RetryInterval.TotalSeconds);
                }

                sleep = RetryInterval;
            }
            catch (Exception ex)
            {
                ReminderLog.LoopFailed(logger, ex, RetryInterval.TotalSeconds);
                sleep = RetryInterval;
            }

            await SleepAsync(sleep, stopping);
        }
    }

    /// <summary>Posts every reminder that is due; returns how long to sleep until the next.</summary>
    private async Task<TimeSpan> PostDueAsync(CancellationToken stopping)
    {
        foreach ((string key, DateTimeOffset dueAt) in await book.PendingAsync(stopping))
        {
            TimeSpan untilDue = dueAt - time.GetUtcNow();
            if (untilDue > TimeSpan.Zero)
            {
                return untilDue < PollInterval ? untilDue : PollInterval;
            }

            if (await book.TryTakeAsync(key, stopping) is { } reminder)
            {
                await PostAsync(reminder, stopping);
            }
        }

        return PollInterval;
    }

    private async Task PostAsync(Reminder reminder, CancellationToken stopping)
    {
        try
        {
            await discord.SendMessageAsync(reminder.ChannelId, Message(reminder, time.GetUtcNow()), stopping);
            ReminderLog.Posted(logger, reminder.Id, reminder.ChannelId);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Unloading mid-post: put it back for the next instance (or the next start). At worst it is posted twice,
            // never lost.
            await book.PutAsync(reminder, CancellationToken.None);
            throw;
        }
        catch (DiscordApiException ex) when (ex.HttpStatus is 403 or 404)
        {
            ReminderLog.PostFailed(logger, ex, reminder.Id, reminder.ChannelId, reminder.Attempts + 1, "dropped: the channel is gone or closed to the bot");
        }
        catch (Exception ex) when (ex is not StorageUnavailableException)
        {
            int attempt = reminder.Attempts + 1;
            if (attempt >= MaxAttempts)
            {
                ReminderLog.PostFailed(logger, ex, reminder.Id, reminder.ChannelId, attempt, "dropped after the last attempt");
                return;
            }

            TimeSpan retryIn = TimeSpan.FromMinutes(attempt);
            ReminderLog.PostFailed(logger, ex, reminder.Id, reminder.ChannelId, attempt, $"trying again in {retryIn.TotalMinutes:0} min");
            await book.PutAsync(reminder with { DueAt = time.GetUtcNow() + retryIn, Attempts = attempt }, CancellationToken.None);
        }
    }

    /// <summary>What is posted: a ping for its owner (and nobody else), the text, and how long ago it was set.</summary>
    internal static OutgoingMessage Message(Reminder reminder, DateTimeOffset now)
    {
        TimeSpan late = now - reminder.DueAt;
        string lateness = late > TimeSpan.FromMinutes(1) && reminder.Attempts == 0 ? $", {late.Humanize(2)} late: I was offline" : "";
        return new OutgoingMessage($"<@{reminder.UserId}> ⏰ {reminder.Text}\n-# set {(now - reminder.CreatedAt).Humanize(2)} ago{lateness}")
        {
            ReplyToMessageId = reminder.MessageId == 0 ? null : reminder.MessageId,
            MentionUsers = [reminder.UserId],
        };
    }

    private async Task SleepAsync(TimeSpan sleep, CancellationToken stopping)
    {
        using var woken = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task slept = Task.Delay(sleep, time, woken.Token);
        Task nudged = _nudge.WaitAsync(woken.Token);
        await Task.WhenAny(slept, nudged);
        // Ends the other wait; a cancelled task is never an unobserved fault, so neither needs awaiting.
        await woken.CancelAsync();
    }
}
