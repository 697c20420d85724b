using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Testing;

/// <summary>An <see cref="IInteractionContext"/> that records every answer, for calling a cog's handlers directly.</summary>
public sealed class FakeInteractionContext : IInteractionContext
{
    /// <inheritdoc />
    public InteractionKind Kind { get; init; } = InteractionKind.Command;

    private readonly string? _cogName;
    private FakeInteractionRegistry? _cog;

    /// <summary>
    /// An interaction of no cog in particular until it is passed to a handler the cog registered on a
    /// <see cref="FakeCogContext"/> (<c>context.FakeInteractions["roll"].Handler(interaction, ct)</c>,
    /// <c>context.FakeInteractions.ComponentHandlers["order:"](interaction, ct)</c>), which gives it that cog's name.
    /// </summary>
    public FakeInteractionContext()
    {
    }

    /// <summary>An interaction of the cog tested on <paramref name="cog"/>: <see cref="CogName"/> is that context's <see cref="FakeCogContext.CogName"/> unless set.</summary>
    public FakeInteractionContext(FakeCogContext cog)
    {
        ArgumentNullException.ThrowIfNull(cog);
        _cog = cog.FakeInteractions;
    }

    /// <summary>
    /// The cog's name, which the bot puts before every custom id (<c>&lt;Cog&gt;:&lt;id&gt;</c>, 100 characters in all),
    /// so a reply whose ids would be too long in the bot is refused here too. Unless set, the
    /// <see cref="FakeCogContext.CogName"/> of the context it was created with or whose registered handler it was passed
    /// to (the latest), else <c>"TestCog"</c>.
    /// </summary>
    public string CogName
    {
        get => _cogName ?? Volatile.Read(ref _cog)?.CogName ?? "TestCog";
        init => _cogName = value;
    }

    /// <summary>Called by <see cref="FakeInteractionRegistry"/> as it runs a handler of its cog with this interaction.</summary>
    internal void RunBy(FakeInteractionRegistry cog) => Volatile.Write(ref _cog, cog);

    /// <inheritdoc />
    public ulong Id { get; init; } = 3001;

    /// <inheritdoc />
    public string? CommandName { get; init; }

    /// <inheritdoc />
    public string? Subcommand { get; init; }

    /// <inheritdoc />
    public string? SubcommandGroup { get; init; }

    /// <inheritdoc />
    public string? CustomId { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<string> SelectedValues { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> ModalValues { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public DiscordUser User { get; init; } = new(1001, "alice", false);

    /// <inheritdoc />
    public ulong? GuildId { get; init; } = 1;

    /// <inheritdoc />
    public ulong? ChannelId { get; init; } = 2;

    /// <inheritdoc />
    public bool IsInThread { get; init; }

    /// <inheritdoc />
    public ulong? ParentChannelId { get; init; }

    /// <inheritdoc />
    public bool CallerIsOwner { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<ulong> MemberRoleIds { get; init; } = [];

    /// <inheritdoc />
    public ulong? MemberPermissions { get; init; }

    /// <summary>Option values by name (of the subcommand run, if any).</summary>
    public Dictionary<string, object> Options { get; } = new(StringComparer.Ordinal);

    /// <summary>Every reply, follow-up and edit, in order, with how it was sent.</summary>
    public List<(string How, InteractionReply Reply)> Replies { get; } = [];

    /// <summary>Modals opened.</summary>
    public List<InteractionModal> Modals { get; } = [];

    /// <summary>Whether <see cref="DeferAsync"/> was called, and how.</summary>
    public bool? DeferredEphemeral { get; private set; }

    /// <inheritdoc />
    public bool HasResponded => Replies.Count > 0 || Modals.Count > 0 || DeferredEphemeral is not null;

    /// <inheritdoc />
    /// <remarks>As in the bot: a whole number (a <see cref="long"/>) reads as a <see cref="double"/> too, since Discord sends a whole Number option as an integer.</remarks>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>, with the bot's message.</exception>
    public T? GetOption<T>(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        object? value = Options.GetValueOrDefault(name);
        // The host's conversion (InteractionSession.GetOption), with its message.
        return value switch
        {
            null => default,
            T typed => typed,
            long whole when typeof(T) == typeof(double) || typeof(T) == typeof(double?) => (T)(object)(double)whole,
            _ => throw new InvalidCastException($"Option '{name}' holds a {value.GetType().Name}, not a {typeof(T).Name}."),
        };
    }

    /// <summary>
    /// The users the interaction resolves (what <see cref="GetUser"/> and <see cref="IInteractionContext.SelectedUsers"/>
    /// find), by id: for a user select, put the picked users here and their ids in <see cref="SelectedValues"/>.
    /// </summary>
    public Dictionary<ulong, DiscordUser> Users { get; } = [];

    /// <summary>The channels the interaction resolves (<see cref="GetChannel"/>, <see cref="IInteractionContext.SelectedChannels"/>), by id.</summary>
    public Dictionary<ulong, InteractionChannel> Channels { get; } = [];

    /// <summary>The roles the interaction resolves (<see cref="GetRole"/>, <see cref="IInteractionContext.SelectedRoles"/>), by id.</summary>
    public Dictionary<ulong, InteractionRole> Roles { get; } = [];

    /// <inheritdoc />
    public DiscordUser? GetUser(ulong id) => Users.GetValueOrDefault(id);

    /// <inheritdoc />
    public InteractionChannel? GetChannel(ulong id) => Channels.GetValueOrDefault(id);

    /// <inheritdoc />
    public InteractionRole? GetRole(ulong id) => Roles.GetValueOrDefault(id);

    /// <inheritdoc />
    public InteractionAttachment? GetAttachment(ulong id) => null;

    /// <inheritdoc />
    /// <remarks>Public here so a test reads it from a <see cref="FakeInteractionContext"/> variable; resolved from <see cref="Users"/> as the bot does.</remarks>
    public IReadOnlyList<DiscordUser> SelectedUsers => Resolve(GetUser);

    /// <inheritdoc />
    /// <remarks>Resolved from <see cref="Roles"/> as the bot does.</remarks>
    public IReadOnlyList<InteractionRole> SelectedRoles => Resolve(GetRole);

    /// <inheritdoc />
    /// <remarks>Resolved from <see cref="Channels"/> as the bot does.</remarks>
    public IReadOnlyList<InteractionChannel> SelectedChannels => Resolve(GetChannel);

    // As the contract's default: picked ids looked up in the resolved data, in pick order; what does not resolve is left out.
    private List<T> Resolve<T>(Func<ulong, T?> lookup)
        where T : class =>
        [.. SelectedValues.Select(value => ulong.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong id) ? lookup(id) : null).OfType<T>()];

    /// <inheritdoc />
    public Task ReplyAsync(InteractionReply reply, CancellationToken cancellationToken = default) => Record("reply", reply);

    /// <inheritdoc />
    public Task DeferAsync(bool ephemeral = false, CancellationToken cancellationToken = default)
    {
        DeferredEphemeral ??= ephemeral;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task FollowUpAsync(InteractionReply reply, CancellationToken cancellationToken = default) => Record("followup", reply);

    /// <inheritdoc />
    /// <remarks>Recorded as <c>("followup#{id}", reply)</c>; ids count up from 1.</remarks>
    public async Task<ulong> SendFollowUpAsync(InteractionReply reply, CancellationToken cancellationToken = default)
    {
        CheckComponents(reply);
        // The host's rules (InteractionSession), with its messages: a cog that gets the order wrong fails here too.
        if (!HasResponded)
        {
            throw new InvalidOperationException("A follow-up comes after the first answer: reply or defer first.");
        }

        if (DeferredEphemeral is not null && Replies.Count == 0 && Kind != InteractionKind.Component)
        {
            throw new InvalidOperationException("The \"thinking…\" message of the defer is still showing: replace it with EditOriginalAsync first.");
        }

        ulong id = ++_lastFollowUpId;
        await Record("followup#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), reply);
        return id;
    }

    /// <inheritdoc />
    /// <remarks>Recorded as <c>("editfollowup#{id}", reply)</c>.</remarks>
    public Task EditFollowUpAsync(ulong messageId, InteractionReply reply, CancellationToken cancellationToken = default) =>
        Record("editfollowup#" + messageId.ToString(System.Globalization.CultureInfo.InvariantCulture), reply);

    /// <inheritdoc />
    public Task DeleteFollowUpAsync(ulong messageId, CancellationToken cancellationToken = default)
    {
        DeletedFollowUps.Add(messageId);
        return Task.CompletedTask;
    }

    /// <summary>The follow-ups deleted with <see cref="DeleteFollowUpAsync"/>.</summary>
    public List<ulong> DeletedFollowUps { get; } = [];

    private ulong _lastFollowUpId;

    /// <inheritdoc />
    public Task EditOriginalAsync(InteractionReply reply, CancellationToken cancellationToken = default) => Record("edit", reply);

    /// <inheritdoc />
    public Task UpdateMessageAsync(InteractionReply reply, CancellationToken cancellationToken = default) => Record("update", reply);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">As in the bot: the interaction was answered (or deferred) already, or it is a modal submit.</exception>
    public Task OpenModalAsync(InteractionModal modal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modal);
        // discord.js habit: deferReply() then showModal(). Discord refuses it, so the host throws; so must the fake.
        if (Kind == InteractionKind.ModalSubmit)
        {
            throw new InvalidOperationException("A submitted modal cannot open another modal.");
        }

        AndyAI.Host.Interactions.CustomIds.Namespace(CogName, modal.CustomId);

        if (HasResponded)
        {
            throw new InvalidOperationException("A modal must be the first answer, and this interaction was answered already.");
        }

        Modals.Add(modal);
        return Task.CompletedTask;
    }

    private Task Record(string how, InteractionReply reply)
    {
        CheckComponents(reply);
        Replies.Add((how, reply));
        return Task.CompletedTask;
    }

    /// <summary>
    /// What the bot refuses before sending a reply (InteractionMapper.ToMessage), with its messages: a custom id too
    /// long once namespaced with the cog's name, or more than the five rows a message holds (a select menu takes a row
    /// of its own, buttons five to a row).
    /// </summary>
    private void CheckComponents(InteractionReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Components is { } components)
        {
            CheckComponents(CogName, components);
        }
    }

    private static void CheckComponents(string cogName, IReadOnlyList<InteractionComponent> components)
    {
        int rows = 0;
        int buttons = 0;
        foreach (InteractionComponent component in components)
        {
            ArgumentNullException.ThrowIfNull(component);
            if (component.CustomId is { } customId)
            {
                AndyAI.Host.Interactions.CustomIds.Namespace(cogName, customId);
            }

            if (component.IsSelect)
            {
                rows += buttons > 0 ? 2 : 1;
                buttons = 0;
                continue;
            }

            if (buttons == 5)
            {
                rows++;
                buttons = 0;
            }

            buttons++;
        }

        rows += buttons > 0 ? 1 : 0;
        if (rows > 5)
        {
            throw new ArgumentException($"A message holds at most 5 rows of components (25 buttons, or fewer with select menus); this one needs {rows}.", nameof(components));
        }
    }
}
