using AndyAI.Discord.Interactions;

namespace AndyAI.Host.Interactions;

/// <summary>
/// The part of the Discord client the interaction host uses (implemented over <c>DiscordBot</c>); a seam so the
/// router, the sessions and the command sync are tested with a fake.
/// </summary>
internal interface IInteractionClient
{
    IDisposable SubscribeInteractions(Func<DiscordInteraction, CancellationToken, ValueTask> handler);

    Task RespondAsync(DiscordInteraction interaction, InteractionResponse response, CancellationToken cancellationToken);

    Task EditOriginalAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken);

    Task DeleteOriginalAsync(DiscordInteraction interaction, CancellationToken cancellationToken);

    /// <returns>The follow-up's message id.</returns>
    Task<ulong> SendFollowupAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken);

    Task EditFollowupAsync(DiscordInteraction interaction, ulong messageId, InteractionMessage message, CancellationToken cancellationToken);

    Task DeleteFollowupAsync(DiscordInteraction interaction, ulong messageId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApplicationCommand>> GetCommandsAsync(ulong? guildId, CancellationToken cancellationToken);

    Task BulkOverwriteAsync(IReadOnlyList<ApplicationCommand> commands, ulong? guildId, CancellationToken cancellationToken);
}
