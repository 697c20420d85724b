using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AndyAI.Emulator.Gateway;
using AndyAI.Emulator.Payloads;
using AndyAI.Emulator.Recording;
using AndyAI.Emulator.World;

namespace AndyAI.Emulator.Interactions;

/// <summary>
/// Interactions with Discord's rules: created by simulated users and dispatched as INTERACTION_CREATE; one callback
/// within 3 seconds (10062 after, 40060 for a second one); then the interaction webhook for 15 minutes (50027 after).
/// Every answer, accepted or refused, is recorded.
/// </summary>
internal sealed class InteractionHub(EmulatorOptions options, EmulatorWorld world, GatewayHub hub, Recorder<EmulatorMessage> botMessageEvents)
{
    /// <summary>Discord's window for the first answer.</summary>
    public static readonly TimeSpan CallbackWindow = TimeSpan.FromSeconds(3);

    /// <summary>How long the interaction token serves the webhook (edits, follow-ups).</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    private const int Ephemeral = 64;
    private const int Loading = 128;
    private const int ChatInputCommandMessage = 20;

    private readonly TimeProvider _time = options.TimeProvider;
    private readonly ConcurrentDictionary<ulong, EmulatorInteraction> _byId = new();

    /// <summary>The application's key pair and Interactions Endpoint URL (when set, interactions are POSTed there).</summary>
    public InteractionsEndpoint Endpoint { get; } = new(options.TimeProvider);

    /// <summary>Every POST of an interaction to the Interactions Endpoint URL and what it answered.</summary>
    public ConcurrentQueue<EmulatorInteractionDelivery> Deliveries { get; } = new();
    private readonly ConcurrentDictionary<string, EmulatorInteraction> _byToken = new(StringComparer.Ordinal);

    public ApplicationCommandStore Commands { get; } = new(world.Ids, world.ApplicationId);

    public Recorder<EmulatorInteractionResponse> Responses { get; } = new(options.MaxRecordedRequests);

    public EmulatorInteraction? Find(ulong id) => _byId.GetValueOrDefault(id);

    /// <summary>The outcome of a callback or webhook call, for the REST layer to write.</summary>
    public readonly record struct Result(int Status, int Code = 0, string? Message = null, string? FormErrors = null, JsonMessage? Body = null);

    // ---- creating interactions ------------------------------------------------------------------------------

    /// <summary>The option names of the slash command <paramref name="name"/> usable in <paramref name="channelId"/>, in order, or null when there is none.</summary>
    public IReadOnlyList<EmulatorSlashOption>? CommandOptions(ulong channelId, string name) =>
        Commands.FindByName(world.GuildOfChannel(channelId), name, ApplicationCommandValidator.ChatInput) is { } command
            ? Shape(command.Options)
            : null;

    private static EmulatorSlashOption[] Shape(JsonCommandOption[]? options) =>
        [.. (options ?? []).Select(o => new EmulatorSlashOption(o.Name ?? "", o.Type is 1 or 2, o.Type is 1 or 2 ? Shape(o.Options) : []) 
        {
            IsAutocomplete = o.Autocomplete == true,
            ChoiceNames = [.. (o.Choices ?? []).Select(c => c.Name ?? "")],
            ChoiceValues = [.. (o.Choices ?? []).Select(c => c.Value.ValueKind == JsonValueKind.Undefined ? "" : c.Value.GetRawText())],
        })];

    public EmulatorInteraction InvokeCommand(ulong userId, ulong channelId, string name, IReadOnlyList<EmulatorCommandOption> given, bool autocomplete)
    {
        ulong? guildId = world.GuildOfChannel(channelId);
        JsonApplicationCommand command = Commands.FindByName(guildId, name, ApplicationCommandValidator.ChatInput)
            ?? throw new ArgumentException($"No slash command /{name} is registered for channel {channelId}.", nameof(name));
        if (guildId is null && command.Contexts is { } contexts && !contexts.Contains(1))
        {
            throw new ArgumentException($"/{name} cannot be used in the bot's DMs (contexts).", nameof(channelId));
        }

        var resolved = new JsonResolved();
        JsonInteractionOption[] options = BuildOptions(command.Options, given, guildId, resolved, autocomplete, "/" + name);
        if (autocomplete && CountFocused(options) != 1)
        {
            throw new ArgumentException("Autocomplete needs exactly one focused option marked autocomplete.", nameof(given));
        }

        var data = new JsonInteractionData
        {
            Id = command.Id,
            Name = command.Name,
            Type = ApplicationCommandValidator.ChatInput,
            Options = options.Length > 0 ? options : null,
            Resolved = IsEmpty(resolved) ? null : resolved,
            GuildId = command.GuildId,
        };
        return Create(autocomplete ? 4 : 2, userId, channelId, data, null, commandName: name, customId: null, componentMessageId: null);
    }

    // A bot that namespaces its ids (AndyAI writes "<Cog>:<id>") puts on the message ids the test did not write:
    // name the ones that are there, so "order:x" vs "Kitchen:order:x" is obvious from the failure alone.
    private static string NoSuchComponent(ulong messageId, string customId, IReadOnlyList<JsonElement> components)
    {
        IReadOnlyList<string> present = ComponentJson.CustomIds(components);
        return present.Count == 0
            ? $"Message {messageId} has no component '{customId}'; it has no components with a custom id."
            : $"Message {messageId} has no component '{customId}'; its custom ids are: {string.Join(", ", present.Select(id => "'" + id + "'"))}.";
    }

    public EmulatorInteraction UseComponent(ulong userId, ulong messageId, string customId, IReadOnlyList<string> values)
    {
        (JsonElement[] components, ulong channelId, JsonMessage message) = world.ComponentsOf(messageId, userId)
            ?? throw new ArgumentException($"No message {messageId} that user {userId} can see.", nameof(messageId));
        JsonElement component = ComponentJson.Find(components, customId)
            ?? throw new ArgumentException(NoSuchComponent(messageId, customId, components), nameof(customId));
        if (ComponentJson.Flag(component, "disabled", fallback: false)) throw new ArgumentException($"Component '{customId}' is disabled.", nameof(customId));
        int type = ComponentJson.Type(component);
        var data = new JsonInteractionData { CustomId = customId, ComponentType = type };
        switch (type)
        {
            case ComponentJson.Button:
                if (values.Count > 0) throw new ArgumentException("A button press carries no values.", nameof(values));
                break;
            case ComponentJson.StringSelect or ComponentJson.UserSelect or ComponentJson.RoleSelect or ComponentJson.MentionableSelect or ComponentJson.ChannelSelect:
            {
                int min = ComponentJson.Int(component, "min_values") ?? 1;
                int max = ComponentJson.Int(component, "max_values") ?? 1;
                if (values.Count < min || values.Count > max)
                {
                    throw new ArgumentException($"Select '{customId}' takes {min} to {max} values.", nameof(values));
                }

                data.Values = [.. values];
                if (type == ComponentJson.StringSelect)
                {
                    IReadOnlyList<string> offered = ComponentJson.OptionValues(component);
                    if (values.FirstOrDefault(v => !offered.Contains(v)) is { } unknown)
                    {
                        throw new ArgumentException($"Select '{customId}' offers no value '{unknown}'.", nameof(values));
                    }
                }
                else
                {
                    data.Resolved = ResolveSelected(type, values, world.GuildOfChannel(channelId));
                    // Discord's client offers only the channel types the menu names.
                    if (type == ComponentJson.ChannelSelect && ComponentJson.Ints(component, "channel_types") is { Count: > 0 } offered
                        && data.Resolved.Channels?.Values.FirstOrDefault(c => !offered.Contains(c.Type)) is { } other)
                    {
                        throw new ArgumentException($"Select '{customId}' offers channels of types {string.Join(", ", offered)}, not channel {other.Id} (type {other.Type}).", nameof(values));
                    }
                }

                break;
            }
            default:
                throw new ArgumentException($"Component '{customId}' (type {type}) cannot be used.", nameof(customId));
        }

        return Create(3, userId, channelId, data, message, commandName: null, customId, messageId);
    }

    public EmulatorInteraction SubmitModal(EmulatorInteraction opened, IReadOnlyDictionary<string, string> values)
    {
        string modalId;
        List<(string CustomId, bool Required)> inputs;
        lock (opened.Gate)
        {
            if (opened.ModalCustomId is null || opened.ModalSubmitted) throw new ArgumentException($"No open modal for interaction {opened.Id}.", nameof(opened));
            modalId = opened.ModalCustomId;
            inputs = [.. opened.ModalInputs];
            if (values.Keys.FirstOrDefault(k => !inputs.Exists(i => i.CustomId == k)) is { } unknown)
            {
                throw new ArgumentException($"The modal has no input '{unknown}'.", nameof(values));
            }

            if (inputs.FirstOrDefault(i => i.Required && string.IsNullOrEmpty(values.GetValueOrDefault(i.CustomId))) is { CustomId: { } missing })
            {
                throw new ArgumentException($"Input '{missing}' is required.", nameof(values));
            }

            opened.ModalSubmitted = true;
        }

        JsonElement[] rows = [.. inputs.Select(i => Row(i.CustomId, values.GetValueOrDefault(i.CustomId) ?? ""))];
        JsonMessage? message = opened.ComponentMessageId is ulong mid ? world.InteractionMessageJson(mid) : null;
        var data = new JsonInteractionData { CustomId = modalId, Components = rows };
        return Create(5, opened.UserId, opened.ChannelId, data, message, commandName: null, modalId, opened.ComponentMessageId);
    }

    private EmulatorInteraction Create(int type, ulong userId, ulong channelId, JsonInteractionData data, JsonMessage? message, string? commandName, string? customId, ulong? componentMessageId)
    {
        ulong id = world.Ids.Next();
        string token = NewToken(id);
        JsonInteraction json = world.NewInteraction(id, token, type, userId, channelId);
        json.Data = data;
        json.Message = message;
        var interaction = new EmulatorInteraction(id, token, type, userId, channelId, world.GuildOfChannel(channelId), _time.GetUtcNow())
        {
            CommandName = commandName,
            CustomId = customId,
            ComponentMessageId = componentMessageId,
        };
        _byId[id] = interaction;
        _byToken[token] = interaction;
        if (Endpoint.Url is { } url)
        {
            // An application with an Interactions Endpoint URL gets them there, not over the gateway.
            _ = DeliverAsync(url, interaction, JsonSerializer.SerializeToUtf8Bytes(json, EmulatorJson.Context.JsonInteraction));
        }
        else
        {
            hub.Dispatch(DispatchPayload.Of("INTERACTION_CREATE", 0, interaction.GuildId, json, EmulatorJson.Context.JsonInteraction));
        }

        return interaction;
    }

    /// <summary>
    /// POSTs one interaction to the endpoint. A 200 with an interaction response is the initial response (as a
    /// callback would be); a 202 means the bot used the callback endpoint; anything else is recorded as a failure.
    /// </summary>
    private async Task DeliverAsync(Uri url, EmulatorInteraction interaction, byte[] body)
    {
        (int status, byte[] answer) = await Endpoint.PostAsync(url, body, badSignature: false, CancellationToken.None);
        Deliveries.Enqueue(new EmulatorInteractionDelivery(interaction.Id, status, Encoding.UTF8.GetString(answer)));
        if (status == 200 && answer.Length > 0)
        {
            try
            {
                if (JsonSerializer.Deserialize(answer, EmulatorJson.Context.JsonInteractionCallback) is { } callback)
                {
                    Callback(interaction.Id, interaction.Token, callback);
                }
            }
            catch (JsonException)
            {
                // recorded above with its body
            }
        }
    }

    // "interaction:<id>:" + 48 random bytes, URL-safe, like Discord's opaque tokens.
    private static string NewToken(ulong id) =>
        "aW50ZXJhY3Rpb246" + id.ToString(CultureInfo.InvariantCulture) + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private JsonInteractionOption[] BuildOptions(JsonCommandOption[]? definitions, IReadOnlyList<EmulatorCommandOption> given, ulong? guildId, JsonResolved resolved, bool autocomplete, string path)
    {
        var built = new List<JsonInteractionOption>(given.Count);
        foreach (EmulatorCommandOption option in given)
        {
            JsonCommandOption definition = definitions?.FirstOrDefault(d => d.Name == option.Name)
                ?? throw new ArgumentException($"{path} has no option '{option.Name}'.", nameof(given));
            int type = definition.Type ?? 0;
            if (type is 1 or 2)
            {
                built.Add(new JsonInteractionOption
                {
                    Name = option.Name,
                    Type = type,
                    Options = BuildOptions(definition.Options, option.Options, guildId, resolved, autocomplete, path + " " + option.Name),
                });
                continue;
            }

            if (option.Focused)
            {
                if (!autocomplete || definition.Autocomplete != true) throw new ArgumentException($"{path} {option.Name} is not an autocomplete option.", nameof(given));
                built.Add(new JsonInteractionOption { Name = option.Name, Type = type, Value = Element(Convert.ToString(option.Value, CultureInfo.InvariantCulture) ?? ""), Focused = true });
                continue;
            }

            built.Add(new JsonInteractionOption { Name = option.Name, Type = type, Value = Value(definition, option.Value, guildId, resolved, path) });
        }

        if (!autocomplete && definitions?.FirstOrDefault(d => d.Required == true && !given.Any(g => g.Name == d.Name)) is { } missing)
        {
            throw new ArgumentException($"{path} needs option '{missing.Name}'.", nameof(given));
        }

        if (definitions is not null && definitions.Any(d => d.Type is 1 or 2) && given.Count != 1)
        {
            throw new ArgumentException($"{path} needs exactly one subcommand.", nameof(given));
        }

        return [.. built];
    }

    private JsonElement Value(JsonCommandOption definition, object? value, ulong? guildId, JsonResolved resolved, string path)
    {
        string where = path + " " + definition.Name;
        ArgumentNullException.ThrowIfNull(value, where);
        try
        {
            return ConvertedValue(definition, value, guildId, resolved, where);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
        {
            // Discord's client never sends a value of the wrong type, so the caller learns it here, as an
            // ArgumentException like every other refusal, instead of a FormatException nobody expects.
            string expected = definition.Type switch
            {
                4 => "a whole number",
                10 => "a number",
                5 => "true or false",
                _ => "an id",
            };
            throw new ArgumentException($"{where}: '{value}' is not {expected}.", nameof(value), ex);
        }
    }

    private JsonElement ConvertedValue(JsonCommandOption definition, object value, ulong? guildId, JsonResolved resolved, string where)
    {
        JsonElement element;
        switch (definition.Type)
        {
            case 3:
                string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                if (text.Length < (definition.MinLength ?? 0) || text.Length > (definition.MaxLength ?? 6000))
                {
                    throw new ArgumentException($"{where}: text length out of range.", nameof(value));
                }

                element = Element(text);
                break;
            case 4:
                long integer = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                CheckRange(definition, integer, where);
                element = Number(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case 10:
                double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                CheckRange(definition, number, where);
                element = Number(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case 5:
                element = Convert.ToBoolean(value, CultureInfo.InvariantCulture) ? Literal("true") : Literal("false");
                break;
            case 6 or 7 or 8 or 9:
            {
                ulong id = Convert.ToUInt64(value, CultureInfo.InvariantCulture);
                string kind = definition.Type switch { 6 => "user", 7 => "channel", 8 => "role", _ => "mentionable" };
                if (!world.Resolve(guildId, kind, id, resolved)) throw new ArgumentException($"{where}: no {kind} {id}.", nameof(value));
                element = Element(EmulatorWorld.Id(id));
                break;
            }
            case 11:
            {
                string filename = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "file.bin";
                string id = EmulatorWorld.Id(world.Ids.Next());
                (resolved.Attachments ??= [])[id] = new JsonAttachment
                {
                    Id = id,
                    Filename = filename,
                    Url = $"https://cdn.discordapp.com/ephemeral-attachments/{EmulatorWorld.Id(world.ApplicationId)}/{id}/{Uri.EscapeDataString(filename)}",
                    ProxyUrl = $"https://media.discordapp.net/ephemeral-attachments/{EmulatorWorld.Id(world.ApplicationId)}/{id}/{Uri.EscapeDataString(filename)}",
                };
                element = Element(id);
                break;
            }
            default:
                throw new ArgumentException($"{where}: unsupported option type {definition.Type}.", nameof(value));
        }

        if (definition.Choices is { Length: > 0 } choices && !choices.Any(c => c.Value.GetRawText() == element.GetRawText()))
        {
            throw new ArgumentException($"{where}: {element.GetRawText()} is not one of the choices.", nameof(value));
        }

        return element;
    }

    private static void CheckRange(JsonCommandOption definition, double value, string where)
    {
        if ((definition.MinValue is double min && value < min) || (definition.MaxValue is double max && value > max))
        {
            throw new ArgumentException($"{where}: {value} is out of range.", nameof(value));
        }
    }

    private JsonResolved ResolveSelected(int type, IReadOnlyList<string> values, ulong? guildId)
    {
        var resolved = new JsonResolved();
        string kind = type switch { ComponentJson.UserSelect => "user", ComponentJson.RoleSelect => "role", ComponentJson.ChannelSelect => "channel", _ => "mentionable" };
        foreach (string value in values)
        {
            if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) || !world.Resolve(guildId, kind, id, resolved))
            {
                throw new ArgumentException($"No {kind} {value}.", nameof(values));
            }
        }

        return resolved;
    }

    private static int CountFocused(JsonInteractionOption[]? options) =>
        options?.Sum(o => (o.Focused == true ? 1 : 0) + CountFocused(o.Options)) ?? 0;

    private static bool IsEmpty(JsonResolved r) => r.Users is null && r.Members is null && r.Roles is null && r.Channels is null && r.Attachments is null;

    private static JsonElement Row(string customId, string value) =>
        JsonDocument.Parse("{\"type\":1,\"components\":[{\"type\":4,\"custom_id\":" + JsonSerializer.Serialize(customId, EmulatorJson.Context.String)
            + ",\"value\":" + JsonSerializer.Serialize(value, EmulatorJson.Context.String) + "}]}").RootElement.Clone();

    private static JsonElement Element(string text) => JsonSerializer.SerializeToElement(text, EmulatorJson.Context.String);

    private static JsonElement Number(string literal) => Literal(literal);

    private static JsonElement Literal(string json) => JsonDocument.Parse(json).RootElement.Clone();

    // ---- answering ------------------------------------------------------------------------------------------

    public Result Callback(ulong interactionId, string token, JsonInteractionCallback body)
    {
        DateTimeOffset now = _time.GetUtcNow();
        JsonInteractionCallbackData? data = body.Data;
        _byId.TryGetValue(interactionId, out EmulatorInteraction? interaction);
        var record = new EmulatorInteractionResponse(EmulatorInteractionResponseKind.Callback, interaction?.Id ?? 0, now)
        {
            Type = body.Type,
            Content = data?.Content,
            Flags = data?.Flags,
            IsEphemeral = ((data?.Flags ?? 0) & Ephemeral) != 0,
            AllowedMentions = ToAllowed(data?.AllowedMentions),
            ComponentCustomIds = data?.Components is { } components ? ComponentJson.CustomIds(components) : [],
            ChoiceNames = data?.Choices is { } choices ? [.. choices.Select(c => c.Name ?? "")] : [],
            ChoiceValues = data?.Choices is { } values ? [.. values.Select(c => c.Value.ValueKind == JsonValueKind.Undefined ? "" : c.Value.GetRawText())] : [],
            ModalCustomId = body.Type == 9 ? data?.CustomId : null,
            ModalTitle = body.Type == 9 ? data?.Title : null,
        };
        Result result = interaction is null || interaction.Token != token
            ? new Result(404, 10062, "Unknown interaction")
            : Acknowledge(interaction, body, now, record);
        return Record(record, result);
    }

    private Result Acknowledge(EmulatorInteraction interaction, JsonInteractionCallback body, DateTimeOffset now, EmulatorInteractionResponse record)
    {
        lock (interaction.Gate)
        {
            if (interaction.IsAcknowledged) return new Result(400, 40060, "Interaction has already been acknowledged.");
            // The token dies unanswered after 3 seconds: a late answer finds no interaction.
            if (now - interaction.CreatedAt > CallbackWindow) return new Result(404, 10062, "Unknown interaction");
            if (body.Type is not int type) return Form("{\"type\":{\"_errors\":[{\"code\":\"BASE_TYPE_REQUIRED\",\"message\":\"This field is required\"}]}}");
            if (!Allowed(interaction, type))
            {
                return Form("{\"type\":{\"_errors\":[{\"code\":\"INTERACTION_RESPONSE_TYPE_INVALID\",\"message\":\"Interaction response type "
                    + type.ToString(CultureInfo.InvariantCulture) + " is not valid for this interaction.\"}]}}");
            }

            JsonInteractionCallbackData data = body.Data ?? new JsonInteractionCallbackData();
            int ephemeral = (data.Flags ?? 0) & Ephemeral;
            switch (type)
            {
                case 4:
                {
                    if (ValidateMessage(data, isCreate: true, "data") is { } invalid) return invalid;
                    EmulatorMessage message = Post(interaction, data, ephemeral | ((data.Flags ?? 0) & 4), interaction.Type == 2 ? ChatInputCommandMessage : 0);
                    interaction.OriginalMessageId = message.Id;
                    interaction.IsEphemeral = ephemeral != 0;
                    record.MessageId = message.Id;
                    break;
                }
                case 5:
                {
                    EmulatorMessage message = Post(interaction, new JsonInteractionCallbackData { Content = "" }, ephemeral | Loading, interaction.Type == 2 ? ChatInputCommandMessage : 0);
                    interaction.OriginalMessageId = message.Id;
                    interaction.IsEphemeral = ephemeral != 0;
                    interaction.IsDeferred = true;
                    record.MessageId = message.Id;
                    break;
                }
                case 6:
                    interaction.OriginalMessageId = interaction.ComponentMessageId;
                    interaction.IsDeferred = true;
                    break;
                case 7:
                {
                    if (ValidateMessage(data, isCreate: false, "data") is { } invalid) return invalid;
                    if (Edit(interaction.ComponentMessageId!.Value, data) is null) return new Result(404, 10008, "Unknown Message");
                    interaction.OriginalMessageId = interaction.ComponentMessageId;
                    record.MessageId = interaction.ComponentMessageId;
                    break;
                }
                case 8:
                    if (data.Choices is not { } choices) return Form("{\"data\":{\"choices\":{\"_errors\":[{\"code\":\"BASE_TYPE_REQUIRED\",\"message\":\"This field is required\"}]}}}");
                    if (choices.Length > ApplicationCommandValidator.MaxChoices) return Form("{\"data\":{\"choices\":{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 25 or fewer in length.\"}]}}}");
                    if (ValidateSuggestions(choices) is { } badChoice) return badChoice;
                    break;
                case 9:
                {
                    var errors = new FormErrors();
                    if (data.CustomId is not { Length: >= 1 and <= 100 }) errors.Add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "data", "custom_id");
                    if (data.Title is not { Length: >= 1 and <= 45 }) errors.Add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.", "data", "title");
                    List<(string, bool)> inputs = [.. ComponentJson.Walk(data.Components ?? [])
                        .Where(c => ComponentJson.Type(c) == ComponentJson.TextInput && ComponentJson.CustomId(c) is not null)
                        .Select(c => (ComponentJson.CustomId(c)!, ComponentJson.Flag(c, "required", fallback: true)))];
                    if (data.Components is not { Length: >= 1 and <= 5 } || inputs.Count == 0)
                    {
                        errors.Add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.", "data", "components");
                    }

                    MessageComponentValidator.ValidateTextInputs(data.Components, errors);

                    if (errors.Any) return Form(errors.ToJson());
                    interaction.ModalCustomId = data.CustomId;
                    interaction.ModalInputs.AddRange(inputs);
                    break;
                }
            }

            interaction.IsAcknowledged = true;
            interaction.ResponseType = type;
            return new Result(204);
        }
    }

    // Which answers fit which interaction (https://discord.com/developers/docs/interactions/receiving-and-responding).
    private static bool Allowed(EmulatorInteraction interaction, int type) => interaction.Type switch
    {
        2 => type is 4 or 5 or 9,
        3 => type is 4 or 5 or 6 or 7 or 9,
        4 => type == 8,
        5 => type is 4 or 5 || (type is 6 or 7 && interaction.ComponentMessageId is not null),
        _ => type == 1,
    };

    /// <summary>GET @original: not an answer, so not recorded.</summary>
    public Result GetOriginal(ulong applicationId, string token)
    {
        if (applicationId != world.ApplicationId) return new Result(404, 10015, "Unknown Webhook");
        if (!_byToken.TryGetValue(token, out EmulatorInteraction? interaction) || _time.GetUtcNow() - interaction.CreatedAt > TokenLifetime)
        {
            return new Result(401, 50027, "Invalid Webhook Token");
        }

        lock (interaction.Gate)
        {
            if (!interaction.IsAcknowledged) return new Result(404, 10015, "Unknown Webhook");
            return interaction.OriginalMessageId is ulong id && world.InteractionMessageJson(id) is { } found ? new Result(200, Body: found) : new Result(404, 10008, "Unknown Message");
        }
    }

    public Result Webhook(EmulatorInteractionResponseKind kind, ulong applicationId, string token, ulong? messageId, JsonInteractionCallbackData? data, bool wait)
    {
        DateTimeOffset now = _time.GetUtcNow();
        _byToken.TryGetValue(token, out EmulatorInteraction? interaction);
        var record = new EmulatorInteractionResponse(kind, interaction?.Id ?? 0, now)
        {
            Content = data?.Content,
            Flags = data?.Flags,
            IsEphemeral = ((data?.Flags ?? 0) & Ephemeral) != 0,
            AllowedMentions = ToAllowed(data?.AllowedMentions),
            ComponentCustomIds = data?.Components is { } components ? ComponentJson.CustomIds(components) : [],
            MessageId = messageId,
        };
        if (applicationId != world.ApplicationId) return Record(record, new Result(404, 10015, "Unknown Webhook"));
        if (interaction is null || now - interaction.CreatedAt > TokenLifetime) return Record(record, new Result(401, 50027, "Invalid Webhook Token"));
        lock (interaction.Gate)
        {
            return Record(record, WebhookCore(interaction, kind, messageId, data, wait, record));
        }
    }

    private Result WebhookCore(EmulatorInteraction interaction, EmulatorInteractionResponseKind kind, ulong? messageId, JsonInteractionCallbackData? data, bool wait, EmulatorInteractionResponse record)
    {
        // Until the first answer there is no webhook message to edit and no follow-up to attach.
        if (!interaction.IsAcknowledged) return new Result(404, 10015, "Unknown Webhook");
        ulong? target = kind is EmulatorInteractionResponseKind.EditOriginal or EmulatorInteractionResponseKind.DeleteOriginal
            ? interaction.OriginalMessageId
            : messageId;
        switch (kind)
        {
            case EmulatorInteractionResponseKind.EditOriginal:
            case EmulatorInteractionResponseKind.EditFollowup:
            {
                if (target is not ulong id || (kind == EmulatorInteractionResponseKind.EditFollowup && !interaction.OwnsMessage(id))) return new Result(404, 10008, "Unknown Message");
                data ??= new JsonInteractionCallbackData();
                if (ValidateMessage(data, isCreate: false, null) is { } invalid) return invalid;
                if (Edit(id, data) is not { } edited) return new Result(404, 10008, "Unknown Message");
                if (id == interaction.OriginalMessageId) interaction.IsDeferred = false;
                record.MessageId = id;
                return new Result(200, Body: edited);
            }
            case EmulatorInteractionResponseKind.DeleteOriginal:
            case EmulatorInteractionResponseKind.DeleteFollowup:
            {
                if (target is not ulong id || !interaction.OwnsMessage(id)) return new Result(404, 10008, "Unknown Message");
                if (world.DeleteInteractionMessage(id, out JsonMessageDelete? deleted) is not { } message) return new Result(404, 10008, "Unknown Message");
                if (!message.IsEphemeral)
                {
                    hub.Dispatch(DispatchPayload.Of("MESSAGE_DELETE", message.GuildId is null ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages,
                        message.GuildId, deleted!, EmulatorJson.Context.JsonMessageDelete));
                }

                record.MessageId = id;
                return new Result(204);
            }
            case EmulatorInteractionResponseKind.Followup:
            {
                if (data is null) return new Result(400, 50006, "Cannot send an empty message");
                if (ValidateMessage(data, isCreate: true, null) is { } invalid) return invalid;
                // Discord keeps a deprecated compatibility rule: the first follow-up after a deferred message answer
                // edits the "thinking" message instead of posting a new one, keeping its ephemeral state.
                if (interaction is { ResponseType: 5, IsDeferred: true } && interaction.OriginalMessageId is ulong original)
                {
                    JsonMessage? replaced = Edit(original, data);
                    interaction.IsDeferred = false;
                    record.MessageId = original;
                    return replaced is null ? new Result(404, 10008, "Unknown Message") : new Result(wait ? 200 : 204, Body: replaced);
                }

                EmulatorMessage message = Post(interaction, data, (data.Flags ?? 0) & (Ephemeral | 4), 0);
                interaction.AddFollowup(message.Id);
                record.MessageId = message.Id;
                return new Result(wait ? 200 : 204, Body: world.InteractionMessageJson(message.Id));
            }
            default:
                return new Result(405, 0, "405: Method Not Allowed");
        }
    }

    private EmulatorMessage Post(EmulatorInteraction interaction, JsonInteractionCallbackData data, int flags, int messageType)
    {
        EmulatorMessage message = world.PostInteractionMessage(interaction, data, flags, messageType, out JsonMessage payload);
        if (!message.IsEphemeral) hub.Dispatch(DispatchPayload.Message("MESSAGE_CREATE", payload, world.BotUserId));
        botMessageEvents.Add(message);
        return message;
    }

    private JsonMessage? Edit(ulong messageId, JsonInteractionCallbackData data)
    {
        if (world.EditInteractionMessage(messageId, data, out JsonMessage? payload) is not { } message) return null;
        if (!message.IsEphemeral) hub.Dispatch(DispatchPayload.Message("MESSAGE_UPDATE", payload!, world.BotUserId));
        botMessageEvents.Add(message);
        return payload;
    }

    private static Result? ValidateMessage(JsonInteractionCallbackData data, bool isCreate, string? prefix)
    {
        string open = prefix is null ? "" : "{\"" + prefix + "\":";
        string close = prefix is null ? "" : "}";
        if (data.Content is { Length: > EmulatorWorld.MaxContentLength })
        {
            return Form(open + "{\"content\":{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 2000 or fewer in length.\"}]}}" + close);
        }

        var componentErrors = new FormErrors();
        MessageComponentValidator.Validate(data.Components, data.Flags, componentErrors, prefix is null ? [] : [prefix]);
        if (componentErrors.Any) return Form(componentErrors.ToJson());

        if (data.AllowedMentions is { } am && ((am.Parse?.Contains("users") == true && am.Users is { Length: > 0 }) || (am.Parse?.Contains("roles") == true && am.Roles is { Length: > 0 })))
        {
            return Form(open + "{\"allowed_mentions\":{\"_errors\":[{\"code\":\"MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE\",\"message\":\"parse and users/roles are mutually exclusive.\"}]}}" + close);
        }

        if (isCreate && string.IsNullOrEmpty(data.Content) && data.Embeds is not { Length: > 0 } && data.Components is not { Length: > 0 } && data.Attachments is not { Length: > 0 } && data.Files.Count == 0)
        {
            return new Result(400, 50006, "Cannot send an empty message");
        }

        return null;
    }

    /// <summary>Suggestions follow the rules of registered choices: name 1–100 characters, value a number or a string of at most 100.</summary>
    private static Result? ValidateSuggestions(JsonCommandChoice[] choices)
    {
        var errors = new FormErrors();
        for (int i = 0; i < choices.Length; i++)
        {
            string at = i.ToString(CultureInfo.InvariantCulture);
            if (choices[i].Name is not { Length: >= 1 and <= 100 })
            {
                errors.Add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "data", "choices", at, "name");
            }

            JsonElement value = choices[i].Value;
            if (value.ValueKind != JsonValueKind.Number && (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 100))
            {
                errors.Add("BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.", "data", "choices", at, "value");
            }
        }

        return errors.Any ? Form(errors.ToJson()) : null;
    }

    private static Result Form(string errors) => new(400, 50035, "Invalid Form Body", errors);

    private Result Record(EmulatorInteractionResponse record, Result result)
    {
        record.StatusCode = result.Status;
        record.ErrorCode = result.Code;
        Responses.Add(record);
        return result;
    }

    private static EmulatorAllowedMentions? ToAllowed(JsonAllowedMentions? a) => a is null
        ? null
        : new EmulatorAllowedMentions(a.Parse, a.Users?.Select(u => ulong.TryParse(u, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : 0).ToArray(),
            a.Roles?.Select(r => ulong.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : 0).ToArray(), a.RepliedUser);
}
