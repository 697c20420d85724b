using AndyAI.Discord.Interactions;

namespace AndyAI.Host.Interactions;

/// <summary>
/// The interaction client for one interaction that arrived over HTTP: everything goes to Discord's REST API as for
/// the gateway's, and <see cref="FirstResponse"/> completes once the initial response was sent, so the endpoint can
/// answer Discord's POST with 202 and no body, as Discord asks when the callback endpoint is used.
/// </summary>
internal sealed class FirstResponseClient(IInteractionClient inner) : IInteractionClient
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstResponse => _first.Task;

    public IDisposable SubscribeInteractions(Func<DiscordInteraction, CancellationToken, ValueTask> handler) => inner.SubscribeInteractions(handler);

    public async Task RespondAsync(DiscordInteraction interaction, InteractionResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await inner.RespondAsync(interaction, response, cancellationToken);
        }
        finally
        {
            _first.TrySetResult();
        }
    }

    public Task EditOriginalAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken) =>
        inner.EditOriginalAsync(interaction, message, cancellationToken);

    public Task DeleteOriginalAsync(DiscordInteraction interaction, CancellationToken cancellationToken) => inner.DeleteOriginalAsync(interaction, cancellationToken);

    public Task<ulong> SendFollowupAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken) =>
        inner.SendFollowupAsync(interaction, message, cancellationToken);

    public Task EditFollowupAsync(DiscordInteraction interaction, ulong messageId, InteractionMessage message, CancellationToken cancellationToken) =>
        inner.EditFollowupAsync(interaction, messageId, message, cancellationToken);

    public Task DeleteFollowupAsync(DiscordInteraction interaction, ulong messageId, CancellationToken cancellationToken) =>
        inner.DeleteFollowupAsync(interaction, messageId, cancellationToken);

    public Task<IReadOnlyList<ApplicationCommand>> GetCommandsAsync(ulong? guildId, CancellationToken cancellationToken) => inner.GetCommandsAsync(guildId, cancellationToken);

    public Task BulkOverwriteAsync(IReadOnlyList<ApplicationCommand> commands, ulong? guildId, CancellationToken cancellationToken) =>
        inner.BulkOverwriteAsync(commands, guildId, cancellationToken);
}
