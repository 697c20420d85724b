namespace AndyAI.Samples.Reminders;

/// <summary>One pending reminder, as stored (JSON through <see cref="ReminderJson"/>).</summary>
/// <param name="Id">Six characters the user types to cancel it.</param>
/// <param name="UserId">Who asked, and who is pinged.</param>
/// <param name="ChannelId">Where it is posted.</param>
/// <param name="MessageId">The <c>!remind</c> message to reply to, or 0 when set with <c>/remind</c>.</param>
/// <param name="Text">What to remind of.</param>
/// <param name="CreatedAt">When it was set.</param>
/// <param name="DueAt">When it fires.</param>
/// <param name="Attempts">Failed attempts to post it so far.</param>
internal sealed record Reminder(
    string Id,
    ulong UserId,
    ulong ChannelId,
    ulong MessageId,
    string Text,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    int Attempts = 0);
