using AndyAI.Emulator.Interactions;

namespace AndyAI.Emulator;

// Simulated users using the bot's application commands and components. Each call dispatches INTERACTION_CREATE
// (fresh id and token) to every session and returns the interaction, whose answer the emulator then judges by
// Discord's rules (3 seconds for the first callback, one callback, 15 minutes of webhook).
public sealed partial class DiscordEmulator
{
    /// <summary>Every answer the bot sent to an interaction (callbacks and webhook calls), accepted or refused, oldest first.</summary>
    public IReadOnlyList<EmulatorInteractionResponse> InteractionResponses => _interactions.Responses.Snapshot();

    /// <summary>An interaction this emulator created, or null.</summary>
    public EmulatorInteraction? FindInteraction(ulong interactionId) => _interactions.Find(interactionId);

    /// <summary>
    /// <paramref name="userId"/> runs the slash command <paramref name="name"/> in <paramref name="channelId"/> with
    /// <paramref name="options"/> (the channel's guild commands first, then global ones, as Discord's client lists
    /// them). Option types, choices, ranges and required options are checked against the registered definition, and
    /// users, channels, roles and attachments are put in <c>resolved</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No such command, an unknown or missing option, a value Discord's client would not let through.</exception>
    public Task<EmulatorInteraction> InvokeSlashCommandAsync(ulong userId, ulong channelId, string name, params IReadOnlyList<EmulatorCommandOption> options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromResult(_interactions.InvokeCommand(userId, channelId, name, options, autocomplete: false));
    }

    /// <summary>The application's Ed25519 public key (64 hex digits), as the Developer Portal shows it: the bot's <c>Interactions:PublicKey</c>.</summary>
    public string ApplicationPublicKey => _interactions.Endpoint.PublicKeyHex;

    /// <summary>The Interactions Endpoint URL interactions are POSTed to instead of the gateway, or null.</summary>
    public Uri? InteractionsEndpointUrl => _interactions.Endpoint.Url;

    /// <summary>Every POST of an interaction to the Interactions Endpoint URL, with what it answered.</summary>
    public IReadOnlyList<EmulatorInteractionDelivery> InteractionDeliveries => [.. _interactions.Deliveries];

    /// <summary>
    /// Sets the Interactions Endpoint URL as the Developer Portal does: first a signed PING must be answered with
    /// PONG and a request with a bad signature with 401; then interactions go there (signed) instead of over the
    /// gateway. Null goes back to the gateway.
    /// </summary>
    /// <returns>Null when the URL was saved, else why Discord refused it (the URL is not changed).</returns>
    public Task<string?> SetInteractionsEndpointAsync(Uri? url, CancellationToken cancellationToken = default) =>
        _interactions.Endpoint.SetAsync(url, cancellationToken);

    /// <summary>The X-Signature-Ed25519 value Discord would send for <paramref name="body"/> at <paramref name="timestamp"/> (for tests of an endpoint).</summary>
    public string SignInteractionRequest(string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(body);
        return _interactions.Endpoint.Sign(timestamp, body);
    }

    /// <summary>The option names of the slash command <paramref name="name"/> a user sees in <paramref name="channelId"/>, in order; null when there is no such command.</summary>
    public IReadOnlyList<string>? GetSlashCommandOptionNames(ulong channelId, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _interactions.CommandOptions(channelId, name) is { } options ? [.. options.Select(o => o.Name)] : null;
    }

    /// <summary>
    /// The options of the slash command <paramref name="name"/> a user sees in <paramref name="channelId"/>, with its
    /// subcommands and their options, in order; null when there is no such command.
    /// </summary>
    public IReadOnlyList<EmulatorSlashOption>? GetSlashCommandOptions(ulong channelId, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _interactions.CommandOptions(channelId, name);
    }

    /// <summary>
    /// <paramref name="userId"/> types into an autocomplete option of <paramref name="name"/>: exactly one option must be
    /// <see cref="EmulatorCommandOption.Focused"/> (its value is the text so far). Answer with callback type 8.
    /// </summary>
    public Task<EmulatorInteraction> TypeForAutocompleteAsync(ulong userId, ulong channelId, string name, params IReadOnlyList<EmulatorCommandOption> options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromResult(_interactions.InvokeCommand(userId, channelId, name, options, autocomplete: true));
    }

    /// <summary><paramref name="userId"/> presses the button <paramref name="customId"/> on the bot's message <paramref name="messageId"/>.</summary>
    /// <exception cref="ArgumentException">No such visible message or component, not a button, or disabled.</exception>
    public Task<EmulatorInteraction> ClickButtonAsync(ulong userId, ulong messageId, string customId)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        return Task.FromResult(_interactions.UseComponent(userId, messageId, customId, []));
    }

    /// <summary>
    /// <paramref name="userId"/> picks <paramref name="values"/> in the select menu <paramref name="customId"/> (entry
    /// values for string menus; user, role or channel ids for the others, which are then resolved).
    /// </summary>
    public Task<EmulatorInteraction> SelectMenuAsync(ulong userId, ulong messageId, string customId, params IReadOnlyList<string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        ArgumentNullException.ThrowIfNull(values);
        return Task.FromResult(_interactions.UseComponent(userId, messageId, customId, values));
    }

    /// <summary>
    /// The user of <paramref name="opened"/> submits the modal the bot opened for it (callback type 9) with
    /// <paramref name="values"/> (text input custom id → text).
    /// </summary>
    /// <exception cref="ArgumentException">No open modal, an unknown input, or a required input left empty.</exception>
    public Task<EmulatorInteraction> SubmitModalAsync(EmulatorInteraction opened, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(values);
        return Task.FromResult(_interactions.SubmitModal(opened, values));
    }

    /// <summary>Waits for an answer to an interaction matching <paramref name="predicate"/> (already recorded ones count).</summary>
    /// <exception cref="TimeoutException">None arrived within <paramref name="timeout"/>.</exception>
    public Task<EmulatorInteractionResponse> WaitForInteractionResponseAsync(Func<EmulatorInteractionResponse, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _interactions.Responses.WaitAsync(predicate, timeout, TimeProvider.System, cancellationToken);
}
