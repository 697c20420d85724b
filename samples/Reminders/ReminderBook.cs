using System.Globalization;
using AndyAI.Abstractions.Storage;

namespace AndyAI.Samples.Reminders;

/// <summary>
/// The reminders in the cog's storage (<see cref="ICogStorage"/>: the host's database, kept across reloads and
/// restarts). Two keys per reminder: <c>due:&lt;unix ms&gt;:&lt;id&gt;</c> holds it, and lists in firing order
/// because keys list in ordinal order; <c>user:&lt;user&gt;:&lt;id&gt;</c> points at it, so a user's list and cancel
/// read only their own. Both expire a week after the reminder was due, so one that could never be posted does not
/// stay forever.
/// </summary>
internal sealed class ReminderBook(ICogStorage storage, TimeProvider time)
{
    /// <summary>How many reminders one user may have pending.</summary>
    public const int MaxPerUser = 25;

    /// <summary>How late a reminder is still posted (the bot was offline); after that it expires unposted.</summary>
    public static readonly TimeSpan LateLimit = TimeSpan.FromDays(7);

    private const string DuePrefix = "due:";

    /// <summary>Stores <paramref name="reminder"/>, unless its owner already has <see cref="MaxPerUser"/>.</summary>
    public async ValueTask<bool> TryAddAsync(Reminder reminder, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> mine = await storage.ListKeysAsync(UserPrefix(reminder.UserId), cancellationToken);
        if (mine.Count >= MaxPerUser)
        {
            return false;
        }

        await PutAsync(reminder, cancellationToken);
        return true;
    }

    /// <summary>Stores <paramref name="reminder"/> again (a post that failed and will be retried), with no limit check.</summary>
    public async ValueTask PutAsync(Reminder reminder, CancellationToken cancellationToken)
    {
        string dueKey = DueKey(reminder);
        TimeSpan keep = reminder.DueAt - time.GetUtcNow() + LateLimit;
        // The reminder first, then the pointer: a crash in between leaves a reminder that still fires, never a
        // pointer to nothing.
        await storage.SetAsync(dueKey, reminder, ReminderJson.Default.Reminder, keep, cancellationToken);
        await storage.SetAsync(UserKey(reminder.UserId, reminder.Id), dueKey, ReminderJson.Default.String, keep, cancellationToken);
    }

    /// <summary>A user's pending reminders, soonest first.</summary>
    public async ValueTask<IReadOnlyList<Reminder>> ListAsync(ulong userId, CancellationToken cancellationToken)
    {
        var reminders = new List<Reminder>();
        foreach (string userKey in await storage.ListKeysAsync(UserPrefix(userId), cancellationToken))
        {
            if (await storage.GetAsync(userKey, ReminderJson.Default.String, cancellationToken) is { } dueKey
                && await storage.GetAsync(dueKey, ReminderJson.Default.Reminder, cancellationToken) is { } reminder)
            {
                reminders.Add(reminder);
            }
        }

        return [.. reminders.OrderBy(r => r.DueAt)];
    }

    /// <summary>Cancels a user's reminder; false when they have none with that id (or it just fired).</summary>
    public async ValueTask<bool> CancelAsync(ulong userId, string id, CancellationToken cancellationToken)
    {
        id = id.Trim().ToLowerInvariant();
        if (id.Length is 0 or > 12 || !id.All(char.IsAsciiLetterOrDigit)
            || await storage.GetAsync(UserKey(userId, id), ReminderJson.Default.String, cancellationToken) is not { } dueKey)
        {
            return false;
        }

        bool cancelled = await storage.DeleteAsync(dueKey, cancellationToken);
        await storage.DeleteAsync(UserKey(userId, id), cancellationToken);
        return cancelled;
    }

    /// <summary>The keys of every pending reminder with when each is due, soonest first.</summary>
    public async ValueTask<IReadOnlyList<(string Key, DateTimeOffset DueAt)>> PendingAsync(CancellationToken cancellationToken)
    {
        var pending = new List<(string, DateTimeOffset)>();
        foreach (string key in await storage.ListKeysAsync(DuePrefix, cancellationToken))
        {
            int end = key.IndexOf(':', DuePrefix.Length);
            if (end > 0 && long.TryParse(key.AsSpan(DuePrefix.Length, end - DuePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
            {
                pending.Add((key, DateTimeOffset.FromUnixTimeMilliseconds(ms)));
            }
        }

        return pending;
    }

    /// <summary>
    /// Takes the reminder under <paramref name="dueKey"/> for posting, or null when someone else took it or it was
    /// cancelled. Taking is deleting: the database deletes a row for one caller only, so while a reload runs the old
    /// and the new instance side by side, each reminder is posted once.
    /// </summary>
    public async ValueTask<Reminder?> TryTakeAsync(string dueKey, CancellationToken cancellationToken)
    {
        if (await storage.GetAsync(dueKey, ReminderJson.Default.Reminder, cancellationToken) is not { } reminder
            || !await storage.DeleteAsync(dueKey, cancellationToken))
        {
            return null;
        }

        await storage.DeleteAsync(UserKey(reminder.UserId, reminder.Id), cancellationToken);
        return reminder;
    }

    private static string DueKey(Reminder reminder) =>
        string.Create(CultureInfo.InvariantCulture, $"{DuePrefix}{reminder.DueAt.ToUnixTimeMilliseconds():D15}:{reminder.Id}");

    private static string UserPrefix(ulong userId) => string.Create(CultureInfo.InvariantCulture, $"user:{userId}:");

    private static string UserKey(ulong userId, string id) => UserPrefix(userId) + id;
}
