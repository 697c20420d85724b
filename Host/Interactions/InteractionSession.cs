using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using AndyAI.Discord.Interactions;

namespace AndyAI.Host.Interactions;

/// <summary>
/// One interaction as a handler sees it (<see cref="IInteractionContext"/>), and where its answer stands. Every
/// answer goes through one gate, so the host's auto-defer and the handler's reply never race: whichever comes
/// first is the callback, and the other adapts (a reply after a defer edits the "thinking…" message).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim holds an unmanaged handle only once AvailableWaitHandle is read, which this never does.")]
internal sealed class InteractionSession : IInteractionContext
{
    private readonly IInteractionClient _client;
    private readonly DiscordInteraction _interaction;
    private readonly string _owner;
    private readonly IReadOnlyList<InteractionOption> _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _responded;
    private bool _deferred;          // the first answer was a defer: the original response is a placeholder
    private bool _deferredEphemeral;
    private bool _originalFilled;    // the placeholder was replaced (or taken away)

    public InteractionSession(IInteractionClient client, DiscordInteraction interaction, string owner, string? customId, bool callerIsOwner)
    {
        _client = client;
        _interaction = interaction;
        _owner = owner;
        CustomId = customId;
        CallerIsOwner = callerIsOwner;
        Kind = interaction.Type switch
        {
            InteractionType.MessageComponent => InteractionKind.Component,
            InteractionType.ModalSubmit => InteractionKind.ModalSubmit,
            _ => InteractionKind.Command,
        };
        IReadOnlyList<InteractionOption> level = interaction.Options;
        if (level is [{ Type: ApplicationCommandOptionType.SubCommandGroup } group])
        {
            SubcommandGroup = group.Name;
            level = group.Options;
        }

        if (level is [{ Type: ApplicationCommandOptionType.SubCommand } sub])
        {
            Subcommand = sub.Name;
            level = sub.Options;
        }

        _options = level;
    }

    public InteractionKind Kind { get; }

    public ulong Id => _interaction.Id;

    public string? CommandName => _interaction.CommandName;

    public string? Subcommand { get; }

    public string? SubcommandGroup { get; }

    public string? CustomId { get; }

    public IReadOnlyList<string> SelectedValues => _interaction.Values;

    public IReadOnlyDictionary<string, string> ModalValues => _interaction.ModalValues;

    public DiscordUser User => _interaction.User;

    public ulong? GuildId => _interaction.GuildId;

    public ulong? ChannelId => _interaction.ChannelId;

    /// <inheritdoc />
    public bool IsInThread => _interaction.IsInThread;

    /// <inheritdoc />
    public ulong? ParentChannelId => _interaction.ParentChannelId;

    public bool CallerIsOwner { get; }

    public IReadOnlyList<ulong> MemberRoleIds => _interaction.Member?.RoleIds ?? [];

    public ulong? MemberPermissions => _interaction.Member?.Permissions;

    public bool HasResponded => Volatile.Read(ref _responded);

    /// <summary>Whether the host deferred because the handler was slow.</summary>
    public bool WasAutoDeferred { get; private set; }

    /// <summary>What to call it in logs and error replies: <c>/name</c>, or the custom id.</summary>
    public string Describe() => Kind == InteractionKind.Command ? $"/{CommandName}" : $"{_owner}:{CustomId}";

    public T? GetOption<T>(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        object? value = _options.FirstOrDefault(o => o.Name == name)?.Value;
        return value switch
        {
            null => default,
            T typed => typed,
            long whole when typeof(T) == typeof(double) || typeof(T) == typeof(double?) => (T)(object)(double)whole,
            _ => throw new InvalidCastException($"Option '{name}' holds a {value.GetType().Name}, not a {typeof(T).Name}."),
        };
    }

    public DiscordUser? GetUser(ulong id) => _interaction.Resolved.Users.GetValueOrDefault(id);

    public InteractionChannel? GetChannel(ulong id) =>
        _interaction.Resolved.Channels.TryGetValue(id, out ResolvedChannel? c) ? new InteractionChannel(c.Id, c.Type, c.Name) : null;

    public InteractionRole? GetRole(ulong id) =>
        _interaction.Resolved.Roles.TryGetValue(id, out ResolvedRole? r) ? new InteractionRole(r.Id, r.Name) : null;

    public InteractionAttachment? GetAttachment(ulong id) =>
        _interaction.Resolved.Attachments.TryGetValue(id, out ResolvedAttachment? a)
            ? new InteractionAttachment(a.Id, a.Filename, Uri.TryCreate(a.Url, UriKind.Absolute, out Uri? url) ? url : null, a.Size, a.ContentType)
            : null;

    public async Task ReplyAsync(InteractionReply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        InteractionMessage message = InteractionMapper.ToMessage(_owner, reply);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_responded)
            {
                await _client.RespondAsync(_interaction, InteractionResponse.ChannelMessage(message), cancellationToken);
                MarkResponded(deferred: false, ephemeral: reply.Ephemeral);
                _originalFilled = true;
            }
            else if (_deferred && !_originalFilled && Kind != InteractionKind.Component)
            {
                _originalFilled = true;
                if (reply.Ephemeral && !_deferredEphemeral)
                {
                    // The "thinking…" placeholder is public and an edit cannot make it private: take it away and
                    // answer with an ephemeral follow-up instead.
                    await _client.DeleteOriginalAsync(_interaction, cancellationToken);
                    await _client.SendFollowupAsync(_interaction, message, cancellationToken);
                }
                else
                {
                    await _client.EditOriginalAsync(_interaction, message, cancellationToken);
                }
            }
            else
            {
                await _client.SendFollowupAsync(_interaction, message, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task FollowUpAsync(InteractionReply reply, CancellationToken cancellationToken = default) => ReplyAsync(reply, cancellationToken);

    public async Task<ulong> SendFollowUpAsync(InteractionReply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        InteractionMessage message = InteractionMapper.ToMessage(_owner, reply);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_responded)
            {
                throw new InvalidOperationException("A follow-up comes after the first answer: reply or defer first.");
            }

            if (_deferred && !_originalFilled && Kind != InteractionKind.Component)
            {
                throw new InvalidOperationException("The \"thinking…\" message of the defer is still showing: replace it with EditOriginalAsync first.");
            }

            return await _client.SendFollowupAsync(_interaction, message, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task EditFollowUpAsync(ulong messageId, InteractionReply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        InteractionMessage message = InteractionMapper.ToMessage(_owner, reply);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _client.EditFollowupAsync(_interaction, messageId, message, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DeleteFollowUpAsync(ulong messageId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _client.DeleteFollowupAsync(_interaction, messageId, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DeferAsync(bool ephemeral = false, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await DeferCoreAsync(ephemeral, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task EditOriginalAsync(InteractionReply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        InteractionMessage message = InteractionMapper.ToMessage(_owner, reply);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_responded)
            {
                InteractionResponse first = Kind == InteractionKind.Component ? InteractionResponse.UpdateMessage(message) : InteractionResponse.ChannelMessage(message);
                await _client.RespondAsync(_interaction, first, cancellationToken);
                MarkResponded(deferred: false, ephemeral: reply.Ephemeral);
            }
            else
            {
                await _client.EditOriginalAsync(_interaction, message, cancellationToken);
            }

            _originalFilled = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task UpdateMessageAsync(InteractionReply reply, CancellationToken cancellationToken = default) => EditOriginalAsync(reply, cancellationToken);

    public async Task OpenModalAsync(InteractionModal modal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modal);
        if (Kind == InteractionKind.ModalSubmit)
        {
            throw new InvalidOperationException("A submitted modal cannot open another modal.");
        }

        InteractionResponse response = InteractionMapper.ToModal(_owner, modal);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_responded)
            {
                throw new InvalidOperationException(WasAutoDeferred
                    ? "A modal must be the first answer: the host already deferred because the handler took over 2 seconds."
                    : "A modal must be the first answer, and this interaction was answered already.");
            }

            await _client.RespondAsync(_interaction, response, cancellationToken);
            MarkResponded(deferred: false, ephemeral: false);
            _originalFilled = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The host's defer for a slow handler; false when the handler had answered already.</summary>
    public async Task<bool> AutoDeferAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_responded)
            {
                return false;
            }

            await DeferCoreAsync(ephemeral: false, cancellationToken);
            WasAutoDeferred = true;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The handler returned without answering: acknowledge so Discord does not show "The application did not
    /// respond" (components: no visible change; commands: a short private note).
    /// </summary>
    public async Task FinishUnansweredAsync(CancellationToken cancellationToken)
    {
        if (HasResponded)
        {
            if (_deferred && !_originalFilled && Kind != InteractionKind.Component)
            {
                await ReplyAsync(InteractionReply.Private($"{Describe()} finished without an answer."), cancellationToken);
            }

            return;
        }

        if (Kind == InteractionKind.Component)
        {
            await DeferAsync(ephemeral: false, cancellationToken);
        }
        else
        {
            await ReplyAsync(InteractionReply.Private($"{Describe()} finished without an answer."), cancellationToken);
        }
    }

    private async Task DeferCoreAsync(bool ephemeral, CancellationToken cancellationToken)
    {
        if (_responded)
        {
            return;
        }

        InteractionResponse defer = Kind == InteractionKind.Component ? InteractionResponse.DeferUpdate() : InteractionResponse.DeferChannelMessage(ephemeral);
        await _client.RespondAsync(_interaction, defer, cancellationToken);
        MarkResponded(deferred: true, ephemeral: ephemeral);
    }

    private void MarkResponded(bool deferred, bool ephemeral)
    {
        _deferred = deferred;
        _deferredEphemeral = deferred && ephemeral;
        Volatile.Write(ref _responded, true);
    }
}
