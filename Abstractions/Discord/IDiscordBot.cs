namespace AndyAI.Abstractions.Discord;

/// <summary>What a cog can see of and do with the Discord connection.</summary>
/// <remarks>
/// Every message the host sends sets <c>allowed_mentions</c> with an empty <c>parse</c> list, so text from a
/// model can never ping @everyone, @here, roles or users. REST failures throw <see cref="DiscordApiException"/>.
/// </remarks>
public interface IDiscordBot
{
    /// <summary>The bot's own user, or <see langword="null"/> before the gateway is ready.</summary>
    DiscordUser? CurrentUser { get; }

    /// <summary>The round trip of the last gateway heartbeat, or <see langword="null"/> before the first ACK.</summary>
    TimeSpan? GatewayLatency { get; }

    /// <summary>
    /// Subscribes <paramref name="handler"/> to incoming messages of the given kinds. Handlers run off the
    /// gateway receive loop; one that throws is logged with the cog's name and counted. The subscription ends
    /// when the returned object is disposed or when the cog unloads, whichever comes first.
    /// </summary>
    IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler);

    /// <summary>Sends a message to a channel and returns it as Discord stored it.</summary>
    Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default);

    /// <summary>Replaces the content of a message the bot sent.</summary>
    Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default);

    /// <summary>Deletes a message.</summary>
    Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default);

    /// <summary>Shows the typing indicator in a channel for about ten seconds.</summary>
    Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Shows the typing indicator now and renews it every eight seconds until the returned object is disposed
    /// (or the cog unloads). Failures to renew are logged, never thrown.
    /// </summary>
    IAsyncDisposable BeginTyping(ulong channelId);

    /// <summary>Fetches one message, or <see langword="null"/> when it does not exist (any more).</summary>
    Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default);

    /// <summary>Measures one REST round trip (a cheap authenticated request).</summary>
    Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default);
}
