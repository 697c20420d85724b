using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Interactions;
using AndyAI.Discord.Json;

namespace AndyAI.Discord.Hosting;

// Interactions (receive, answer, edit, follow up) and application commands. Message answers go through the same
// outgoing content filter as channel messages and never ping anyone (allowed_mentions: {"parse": []}).
public sealed partial class DiscordBot
{
    private ulong _fetchedApplicationId;

    /// <summary>
    /// Delivers every interaction (INTERACTION_CREATE) to <paramref name="handler"/>, on a queue of its own: a slow
    /// handler never holds up the gateway, message subscribers or other interaction subscribers. Discord gives 3
    /// seconds for the first answer (<see cref="RespondToInteractionAsync"/>), so a handler that cannot answer at
    /// once should defer first.
    /// </summary>
    /// <returns>Dispose it to unsubscribe.</returns>
    public IDisposable SubscribeInteractions(Func<DiscordInteraction, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        string name = $"#{Interlocked.Increment(ref _subscriptionCount)} {DescribeHandler(handler)}";
        var subscription = new Subscription<DiscordInteraction>(
            name, "interactions", handler, static i => i.Id, _time, _logger, () => Interlocked.Increment(ref _handlerFailures), UnsubscribeInteractions);
        lock (_subscriptionsGate) _interactionSubscriptions = [.. _interactionSubscriptions, subscription];
        return subscription;
    }

    /// <summary>Sends the first answer to <paramref name="interaction"/> (once, within 3 seconds of its creation).</summary>
    /// <exception cref="ArgumentException">A message without content and components, or content over 2000 characters.</exception>
    /// <exception cref="DiscordApiException">Discord refused: 10062 Unknown interaction (too late), 40060 already acknowledged…</exception>
    public Task RespondToInteractionAsync(DiscordInteraction interaction, InteractionResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(response);
        JsonInteractionResponse body = InteractionConverter.ToJson(response, FilterText);
        return CallAsync(async ct =>
        {
            await _rest.RespondToInteractionAsync(interaction.Id, interaction.Token, body, ct, response.Message?.Files);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Reads an interaction Discord delivered over HTTP (the body of its POST to the Interactions Endpoint URL, the same
    /// object as INTERACTION_CREATE's <c>d</c>); check its signature first. Answer it as a gateway one.
    /// </summary>
    /// <exception cref="System.Text.Json.JsonException">Not an interaction object.</exception>
    public static DiscordInteraction ParseHttpInteraction(ReadOnlySpan<byte> body)
    {
        JsonInteraction json = System.Text.Json.JsonSerializer.Deserialize(body, DiscordJsonContext.Default.JsonInteraction)
            ?? throw new System.Text.Json.JsonException("The body is not an interaction object.");
        return InteractionConverter.ToInteraction(json, shardId: 0);
    }

    /// <summary>The original response (the message of a type 4 or 5 answer, or the component's message), or <see langword="null"/> when there is none.</summary>
    public async Task<DiscordMessage?> GetOriginalResponseAsync(DiscordInteraction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        JsonMessage? message = await CallAsync(ct => _rest.GetOriginalInteractionResponseAsync(interaction.ApplicationId, interaction.Token, ct), cancellationToken);
        return message is null ? null : Convert(message, interaction.ShardId);
    }

    /// <summary>Edits the original response: how a deferred answer is delivered (valid for 15 minutes).</summary>
    /// <exception cref="ArgumentException">Content over 2000 characters.</exception>
    public async Task<DiscordMessage> EditOriginalResponseAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        JsonInteractionCallbackData body = InteractionConverter.ToMessageData(message, FilterText, isCreate: false);
        JsonMessage? edited = await CallAsync(ct => _rest.EditOriginalInteractionResponseAsync(interaction.ApplicationId, interaction.Token, body, ct, message.Files), cancellationToken);
        return edited is null ? Posted(0, interaction.ChannelId ?? 0, body.Content ?? "") : Convert(edited, interaction.ShardId);
    }

    /// <summary>Deletes the original response.</summary>
    public Task DeleteOriginalResponseAsync(DiscordInteraction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return CallAsync(async ct =>
        {
            await _rest.DeleteOriginalInteractionResponseAsync(interaction.ApplicationId, interaction.Token, ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Sends another message for <paramref name="interaction"/> (after the first answer; valid for 15 minutes).</summary>
    /// <exception cref="ArgumentException">No content and no components, or content over 2000 characters.</exception>
    public async Task<DiscordMessage> SendFollowupAsync(DiscordInteraction interaction, InteractionMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        JsonInteractionCallbackData body = InteractionConverter.ToMessageData(message, FilterText, isCreate: true);
        JsonMessage? sent = await CallAsync(ct => _rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token, body, ct, message.Files), cancellationToken);
        return sent is null ? Posted(0, interaction.ChannelId ?? 0, body.Content ?? "") : Convert(sent, interaction.ShardId);
    }

    /// <summary>Edits a follow-up message of <paramref name="interaction"/>.</summary>
    public async Task<DiscordMessage> EditFollowupAsync(DiscordInteraction interaction, ulong messageId, InteractionMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        JsonInteractionCallbackData body = InteractionConverter.ToMessageData(message, FilterText, isCreate: false);
        JsonMessage? edited = await CallAsync(ct => _rest.EditFollowupMessageAsync(interaction.ApplicationId, interaction.Token, messageId, body, ct), cancellationToken);
        return edited is null ? Posted(messageId, interaction.ChannelId ?? 0, body.Content ?? "") : Convert(edited, interaction.ShardId);
    }

    /// <summary>Deletes a follow-up message of <paramref name="interaction"/>.</summary>
    public Task DeleteFollowupAsync(DiscordInteraction interaction, ulong messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return CallAsync(async ct =>
        {
            await _rest.DeleteFollowupMessageAsync(interaction.ApplicationId, interaction.Token, messageId, ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>The application's commands: global ones, or those of <paramref name="guildId"/>.</summary>
    public async Task<IReadOnlyList<ApplicationCommand>> GetApplicationCommandsAsync(ulong? guildId = null, CancellationToken cancellationToken = default)
    {
        ulong applicationId = await GetApplicationIdAsync(cancellationToken);
        JsonApplicationCommand[] commands = await CallAsync(ct => _rest.GetApplicationCommandsAsync(applicationId, guildId, ct), cancellationToken);
        return [.. commands.Select(InteractionConverter.ToCommand)];
    }

    /// <summary>Creates a command (global, or in <paramref name="guildId"/>), or updates the one with the same name and type.</summary>
    /// <exception cref="DiscordApiException">Discord refused it: 50035 Invalid Form Body says which field, 30032 too many commands.</exception>
    public async Task<ApplicationCommand> CreateApplicationCommandAsync(ApplicationCommand command, ulong? guildId = null, CancellationToken cancellationToken = default)
    {
        JsonApplicationCommand body = InteractionConverter.ToJson(command);
        ulong applicationId = await GetApplicationIdAsync(cancellationToken);
        return InteractionConverter.ToCommand(await CallAsync(ct => _rest.CreateApplicationCommandAsync(applicationId, guildId, body, ct), cancellationToken));
    }

    /// <summary>Replaces the definition of command <paramref name="commandId"/> with <paramref name="command"/>.</summary>
    public async Task<ApplicationCommand> EditApplicationCommandAsync(ulong commandId, ApplicationCommand command, ulong? guildId = null, CancellationToken cancellationToken = default)
    {
        JsonApplicationCommand body = InteractionConverter.ToJson(command);
        body.Id = null;
        ulong applicationId = await GetApplicationIdAsync(cancellationToken);
        return InteractionConverter.ToCommand(await CallAsync(ct => _rest.EditApplicationCommandAsync(applicationId, guildId, commandId, body, ct), cancellationToken));
    }

    /// <summary>Deletes command <paramref name="commandId"/>.</summary>
    public async Task DeleteApplicationCommandAsync(ulong commandId, ulong? guildId = null, CancellationToken cancellationToken = default)
    {
        ulong applicationId = await GetApplicationIdAsync(cancellationToken);
        await CallAsync(async ct =>
        {
            await _rest.DeleteApplicationCommandAsync(applicationId, guildId, commandId, ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Replaces the whole command set (global, or of <paramref name="guildId"/>); commands left out are deleted.</summary>
    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteApplicationCommandsAsync(IReadOnlyList<ApplicationCommand> commands, ulong? guildId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        JsonApplicationCommand[] body = [.. commands.Select(InteractionConverter.ToJson)];
        ulong applicationId = await GetApplicationIdAsync(cancellationToken);
        JsonApplicationCommand[] stored = await CallAsync(ct => _rest.BulkOverwriteApplicationCommandsAsync(applicationId, guildId, body, ct), cancellationToken);
        return [.. stored.Select(InteractionConverter.ToCommand)];
    }

    /// <summary>The application id from READY, or (before READY) from <c>GET /oauth2/applications/@me</c>, asked once.</summary>
    private async Task<ulong> GetApplicationIdAsync(CancellationToken cancellationToken)
    {
        if (ApplicationId is var fromReady and not 0) return fromReady;
        if (Volatile.Read(ref _fetchedApplicationId) is var fetched and not 0) return fetched;
        JsonApplication app = await CallAsync(ct => _rest.GetCurrentApplicationAsync(ct), cancellationToken);
        Volatile.Write(ref _fetchedApplicationId, app.Id);
        return app.Id;
    }

    private void UnsubscribeInteractions(Subscription<DiscordInteraction> subscription)
    {
        lock (_subscriptionsGate) _interactionSubscriptions = [.. _interactionSubscriptions.Where(s => s != subscription)];
    }

    /// <returns>Whether a subscriber got the interaction.</returns>
    private bool DeliverInteraction(JsonInteraction interaction, int shardId)
    {
        Subscription<DiscordInteraction>[] subscriptions = _interactionSubscriptions;
        if (subscriptions.Length == 0) return false;
        DiscordInteraction converted = InteractionConverter.ToInteraction(interaction, shardId);
        foreach (Subscription<DiscordInteraction> subscription in subscriptions) subscription.Post(converted);
        Interlocked.Increment(ref _interactionsDelivered);
        return true;
    }

    private string FilterText(string content) => _contentFilter is { } filter ? filter.Apply(content) : content;
}
