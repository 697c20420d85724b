using AndyAI.Discord.Hosting;
using AndyAI.Discord.Interactions;

namespace AndyAI.Host.Interactions;

/// <summary><see cref="IInteractionClient"/> over the host's <see cref="DiscordBot"/>.</summary>
internal sealed class DiscordBotInteractionClient(DiscordBot bot) : IInteractionClient
{
    public IDisposable SubscribeInteractions(Func<DiscordInteraction, CancellationToken, ValueTask> handler) => bot.SubscribeInteractions(handler);

    public Task RespondAsync(DiscordInteraction interaction, InteractionResponse response, CancellationToken cancellationToken) =>
        bot.RespondToInteractionAsync(interaction, response, cancellationToken);

    public Task EditOriginalAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken) =>
        bot.EditOriginalResponseAsync(interaction, message, cancellationToken);

    public Task DeleteOriginalAsync(DiscordInteraction interaction, CancellationToken cancellationToken) =>
        bot.DeleteOriginalResponseAsync(interaction, cancellationToken);

    public async Task<ulong> SendFollowupAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken) =>
        (await bot.SendFollowupAsync(interaction, message, cancellationToken)).Id;

    public Task EditFollowupAsync(DiscordInteraction interaction, ulong messageId, InteractionMessage message, CancellationToken cancellationToken) =>
        bot.EditFollowupAsync(interaction, messageId, message, cancellationToken);

    public Task DeleteFollowupAsync(DiscordInteraction interaction, ulong messageId, CancellationToken cancellationToken) =>
        bot.DeleteFollowupAsync(interaction, messageId, cancellationToken);

    public Task<IReadOnlyList<ApplicationCommand>> GetCommandsAsync(ulong? guildId, CancellationToken cancellationToken) =>
        bot.GetApplicationCommandsAsync(guildId, cancellationToken);

    public Task BulkOverwriteAsync(IReadOnlyList<ApplicationCommand> commands, ulong? guildId, CancellationToken cancellationToken) =>
        bot.BulkOverwriteApplicationCommandsAsync(commands, guildId, cancellationToken);
}
