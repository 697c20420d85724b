namespace AndyAI.EndToEnd.Tests.Harness;

/// <summary>
/// The bot's message subscribers a marker can be sent through (<see cref="BotHarness.PassMarkersAsync"/>). Each
/// subscriber has its own queue, fed in gateway order; a marker proves only that the queue which answered it has
/// passed the earlier messages.
/// </summary>
[Flags]
internal enum MessageQueues
{
    /// <summary>The command dispatcher: prefixed messages, mentions and DMs. Marker: <c>!help</c>.</summary>
    Commands = 1,

    /// <summary>The MessageHandler cog: mentions and DMs. Marker: a question for the model.</summary>
    MessageHandler = 2,

    /// <summary>Both.</summary>
    All = Commands | MessageHandler,
}
