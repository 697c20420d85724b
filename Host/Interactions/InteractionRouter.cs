using AndyAI.Abstractions;
using AndyAI.Abstractions.Interactions;
using AndyAI.Commands;
using AndyAI.Discord.Interactions;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Interactions;

/// <summary>
/// Routes every INTERACTION_CREATE to its handler in the <see cref="InteractionTable"/>, each on a task of its own
/// (a slow handler never holds up the next interaction): commands by name, components and modals by their
/// namespaced custom id to the owner's current instance. The host keeps Discord's 3-second rule: it defers for a
/// handler still running after <see cref="InteractionsOptions.AutoDeferAfter"/>, turns an exception into a short
/// ephemeral error, and refuses owner-only commands to others.
/// </summary>
internal sealed class InteractionRouter(
    IInteractionClient client,
    InteractionTable table,
    IBotOwners owners,
    IOptions<InteractionsOptions> options,
    TimeProvider time,
    ILogger<InteractionRouter> logger,
    ICogGuildSwitch? cogSwitch = null,
    IMeterFactory? meters = null) : IHostedService, IDisposable
{
    public const string ExpiredButton = "This button has expired.";
    public const string ExpiredForm = "This form has expired.";

    private readonly InFlightTracker _inFlight = new();
    private readonly CommandCounters _counters = new(meters);
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = client.SubscribeInteractions(OnInteractionAsync);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
        await _stopping.CancelAsync();
        await _inFlight.CloseAndWaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Starts handling an interaction that arrived over HTTP (the Interactions Endpoint URL) on a task of its own, as
    /// the gateway's are, answering through <paramref name="via"/>. False when the router is stopping.
    /// </summary>
    internal bool TryDispatch(DiscordInteraction interaction, IInteractionClient via)
    {
        if (!_inFlight.TryEnter())
        {
            return false;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await HandleAsync(interaction, via);
            }
            finally
            {
                _inFlight.Exit();
            }
        }, CancellationToken.None);
        return true;
    }

    /// <summary>Handles one interaction to the end (tests await it; the subscription starts it without waiting).</summary>
    internal async Task HandleAsync(DiscordInteraction interaction, IInteractionClient? via = null)
    {
        via ??= client;
        CancellationToken stopping = _stopping.Token;
        try
        {
            switch (interaction.Type)
            {
                case InteractionType.ApplicationCommand:
                    await CommandAsync(interaction, via, stopping);
                    break;
                case InteractionType.ApplicationCommandAutocomplete:
                    await AutocompleteAsync(interaction, via, stopping);
                    break;
                case InteractionType.MessageComponent:
                    await HandlerAsync(interaction, via, InteractionRouteKind.Component, ExpiredButton, stopping);
                    break;
                case InteractionType.ModalSubmit:
                    await HandlerAsync(interaction, via, InteractionRouteKind.Modal, ExpiredForm, stopping);
                    break;
                default:
                    break; // PING comes over HTTP only
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            InteractionLog.AnswerFailed(logger, Describe(interaction), ex);
        }
        catch (OperationCanceledException)
        {
            // the host is stopping
        }
    }

    private ValueTask OnInteractionAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        if (!_inFlight.TryEnter())
        {
            return default; // stopping
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await HandleAsync(interaction);
            }
            finally
            {
                _inFlight.Exit();
            }
        }, CancellationToken.None);
        return default;
    }

    private async Task CommandAsync(DiscordInteraction interaction, IInteractionClient via, CancellationToken cancellationToken)
    {
        InteractionRoute? route = table.FindCommand(interaction.CommandName);
        if (route is null)
        {
            // Discord still lists a command that was unloaded and not yet synced away.
            await RespondPrivatelyAsync(via, interaction, $"/{interaction.CommandName} is not available right now.", cancellationToken);
            return;
        }

        if (IsTurnedOff(route, interaction))
        {
            await RespondPrivatelyAsync(via, interaction, $"`/{route.Key}` is turned off in this server.", cancellationToken);
            return;
        }

        bool isOwner = await owners.IsOwnerAsync(interaction.User.Id, cancellationToken);
        if (route.Command!.OwnerOnly && !isOwner)
        {
            _counters.Denied($"/{route.Key}");
            InteractionLog.OwnerOnlyRefused(logger, interaction.User.Id, interaction.User.Username, $"/{route.Key}", interaction.ChannelId);
            await RespondPrivatelyAsync(via, interaction, $"You are not allowed to use `/{route.Key}`: it is for the bot's owners.", cancellationToken);
            return;
        }

        await RunAsync(route, new InteractionSession(via, interaction, route.Owner, customId: null, isOwner), cancellationToken);
    }

    private async Task HandlerAsync(DiscordInteraction interaction, IInteractionClient via, InteractionRouteKind kind, string expired, CancellationToken cancellationToken)
    {
        InteractionRoute? route = CustomIds.TrySplit(interaction.CustomId, out string owner, out string id) ? table.FindHandler(kind, owner, id) : null;
        if (route is null)
        {
            InteractionLog.NoHandler(logger, kind.ToString(), interaction.CustomId);
            await RespondPrivatelyAsync(via, interaction, expired, cancellationToken);
            return;
        }

        if (IsTurnedOff(route, interaction))
        {
            await RespondPrivatelyAsync(via, interaction, "This is turned off in this server.", cancellationToken);
            return;
        }

        bool isOwner = await owners.IsOwnerAsync(interaction.User.Id, cancellationToken);
        await RunAsync(route, new InteractionSession(via, interaction, route.Owner, id, isOwner), cancellationToken);
    }

    /// <summary>Whether the guild turned the route's cog off (the host's own commands never are).</summary>
    private bool IsTurnedOff(InteractionRoute route, DiscordInteraction interaction) =>
        interaction.GuildId is { } guildId && cogSwitch is not null && !cogSwitch.IsEnabled(route.Owner, guildId);

    private async Task RunAsync(InteractionRoute route, InteractionSession session, CancellationToken cancellationToken)
    {
        // Slash commands count with the prefix commands ("commands run" in !stats); button presses and forms do not.
        string? command = route.Command is null ? null : $"/{route.Key}";
        if (command is not null) _counters.Invoked(command);
        // Task.Run: a handler that blocks its thread before its first await must not keep the host from deferring.
        Task handler = Task.Run(async () => await route.Handler(session, cancellationToken), CancellationToken.None);
        TimeSpan deferAfter = options.Value.AutoDeferAfter;
        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            Task deadline = Task.Delay(deferAfter, time, timer.Token);
            if (await Task.WhenAny(handler, deadline) == deadline && !handler.IsCompleted && await session.AutoDeferAsync(cancellationToken))
            {
                InteractionLog.AutoDeferred(logger, session.Describe(), DurationText.Format(deferAfter));
            }

            await timer.CancelAsync();
        }

        try
        {
            TimeSpan limit = options.Value.HandlerTimeout;
            try
            {
                await handler.WaitAsync(limit, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // A handler that never returns (blocked on .Result, an endless loop) would hold the interaction until
                // Discord forgets it: give up on it, count it as the cog's error, and answer while the token is valid.
                route.OnError?.Invoke(new TimeoutException($"{session.Describe()} did not finish within {limit}."));
                if (command is not null) _counters.Failed(command, "timeout");
                InteractionLog.HandlerTimedOut(logger, route.Owner, session.Describe(), DurationText.Format(limit));
                _ = handler.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                await session.ReplyAsync(InteractionReply.Private($"Sorry, `{session.Describe()}` took too long and was given up. The details are in the bot's log."), cancellationToken);
                return;
            }

            await session.FinishUnansweredAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            route.OnError?.Invoke(ex);
            if (command is not null) _counters.Failed(command, "exception");
            InteractionLog.HandlerFailed(logger, route.Owner, session.Describe(), ex);
            await session.ReplyAsync(InteractionReply.Private($"Sorry, `{session.Describe()}` failed ({ex.GetType().Name}). The details are in the bot's log."), cancellationToken);
        }
    }

    private async Task AutocompleteAsync(DiscordInteraction interaction, IInteractionClient via, CancellationToken cancellationToken)
    {
        InteractionRoute? route = table.FindCommand(interaction.CommandName);
        InteractionOption? focused = interaction.FocusedOption;
        IReadOnlyList<string> path = interaction.SubCommandPath;
        string? subcommand = path.Count > 0 ? path[^1] : null;
        string? group = path.Count > 1 ? path[0] : null;
        IReadOnlyList<SlashCommandOption> declared = route?.Command is not { } command ? []
            : subcommand is null ? command.Options
            : group is null ? command.Subcommands.FirstOrDefault(s => s.Name == subcommand)?.Options ?? []
            : command.SubcommandGroups.FirstOrDefault(g => g.Name == group)?.Subcommands.FirstOrDefault(s => s.Name == subcommand)?.Options ?? [];
        SlashCommandOption? option = declared.FirstOrDefault(o => o.Name == focused?.Name);
        IReadOnlyList<ApplicationCommandChoice> choices = [];
        if (option?.Autocomplete is { } suggest && !IsTurnedOff(route!, interaction))
        {
            // Asked only when a handler will run; the owners are cached for minutes, so a keystroke costs a set lookup.
            bool isOwner = await owners.IsOwnerAsync(interaction.User.Id, cancellationToken);
            var context = new AutocompleteContext(interaction.CommandName!, subcommand, group, option.Name,
                Convert.ToString(focused!.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", interaction.User, interaction.GuildId,
                FilledOptions(interaction.Options))
            {
                ChannelId = interaction.ChannelId,
                IsInThread = interaction.IsInThread,
                ParentChannelId = interaction.ParentChannelId,
                CallerIsOwner = isOwner,
                MemberRoleIds = interaction.Member?.RoleIds ?? [],
                MemberPermissions = interaction.Member?.Permissions,
            };
            try
            {
                // Discord drops the suggestions after 3 s; give the handler most of that.
                using var deadline = new CancellationTokenSource(options.Value.AutoDeferAfter, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                IReadOnlyList<SlashChoice> suggested = await Task.Run(async () => await suggest(context, linked.Token), CancellationToken.None).WaitAsync(linked.Token);
                var valid = new List<ApplicationCommandChoice>(25);
                foreach (SlashChoice choice in suggested)
                {
                    SlashCommandValidator.CheckChoice(choice, option.Type, $"/{route!.Key} option '{option.Name}'");
                    valid.Add(InteractionMapper.ToChoice(choice));
                    if (valid.Count == 25) break;
                }

                choices = valid;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                route!.OnError?.Invoke(ex);
                InteractionLog.AutocompleteFailed(logger, route.Key, option.Name, ex);
            }
        }

        await via.RespondAsync(interaction, InteractionResponse.Autocomplete(choices), cancellationToken);
    }

    /// <summary>The options filled in so far, by name, below the subcommand (group) if any; Discord sends every one with each keystroke.</summary>
    internal static Dictionary<string, object> FilledOptions(IReadOnlyList<InteractionOption> options)
    {
        IReadOnlyList<InteractionOption> level = options;
        while (level is [{ Type: ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup } parent])
        {
            level = parent.Options;
        }

        var filled = new Dictionary<string, object>(level.Count, StringComparer.Ordinal);
        foreach (InteractionOption option in level)
        {
            if (option.Value is { } value) filled[option.Name] = value;
        }

        return filled;
    }

    private static Task RespondPrivatelyAsync(IInteractionClient via, DiscordInteraction interaction, string text, CancellationToken cancellationToken) =>
        via.RespondAsync(interaction, InteractionResponse.ChannelMessage(new InteractionMessage { Content = text, IsEphemeral = true }), cancellationToken);

    private static string Describe(DiscordInteraction interaction) =>
        interaction.CommandName is { } name ? $"/{name}" : interaction.CustomId ?? interaction.Type.ToString();
}
