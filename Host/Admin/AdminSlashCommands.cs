using AndyAI.Abstractions.Interactions;
using AndyAI.Host.Cogs.Supervision;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Admin;

/// <summary>
/// The slash twins of the admin commands: owner-only <c>/cogs</c>, <c>/reload [cog]</c>, <c>/load cog</c> and
/// <c>/unload cog</c>, with the same outcomes and replies as the <c>!</c> versions, always ephemeral, and hidden in
/// Discord from members without Administrator (<c>default_member_permissions</c> "8"; the host checks owners itself).
/// With REDIS_URL they act in every process of the bot, like the <c>!</c> versions.
/// </summary>
internal sealed class AdminSlashCommands(ICogSupervisor supervisor, ILogger<AdminSlashCommands> logger, ClusterAdmin? cluster = null)
{
    /// <summary>Discord's Administrator permission bit.</summary>
    public const ulong Administrator = 8;

    private const string CogOption = "cog";
    private const int MaxReply = 2000;

    public IReadOnlyList<SlashCommandDefinition> CreateDefinitions() =>
    [
        Admin(new("cogs", "Lists the cogs: version, state, load time, handler errors, scheduled jobs, last error.", ListAsync)),
        Admin(new("reload", "Reloads every cog, or the named one (the old version keeps running if the new one fails).", ReloadAsync)
        {
            Options = [CogName("The cog to reload; none for all", required: false)],
        }),
        Admin(new("load", "Loads a cog from run/plugins/.", LoadAsync) { Options = [CogName("The cog to load", required: true)] }),
        Admin(new("unload", "Stops and unloads a cog, and checks that its code was released.", UnloadAsync)
        {
            Options = [CogName("The cog to unload", required: true)],
        }),
    ];

    internal async ValueTask ListAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            await context.DeferAsync(ephemeral: true, cancellationToken); // the other processes may take a moment
            await context.ReplyAsync(InteractionReply.Private(Fit(await cluster.RunEverywhereAsync(ClusterAdmin.Cogs, "", cancellationToken))), cancellationToken);
            return;
        }

        await context.ReplyAsync(InteractionReply.Private(Fit(AdminReplies.FormatCogs(supervisor.List(), supervisor.Configuration.PluginsDirectory))), cancellationToken);
    }

    internal async ValueTask ReloadAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        await context.DeferAsync(ephemeral: true, cancellationToken); // a reload may well take longer than Discord's 3 s
        string? name = context.GetOption<string>(CogOption);
        if (cluster is not null)
        {
            await ReplyAsync(context, "reload", await cluster.RunEverywhereAsync(ClusterAdmin.Reload, name?.Trim() ?? "", cancellationToken), cancellationToken);
            return;
        }

        IReadOnlyList<CogOutcome> outcomes = string.IsNullOrWhiteSpace(name)
            ? await supervisor.ReloadAllAsync(force: false, cancellationToken)
            : [await supervisor.ReloadAsync(name.Trim(), force: false, cancellationToken)];
        await ReplyAsync(context, "reload", AdminReplies.Format(outcomes, AdminReplies.Operation.Reload), cancellationToken);
    }

    internal async ValueTask LoadAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        await context.DeferAsync(ephemeral: true, cancellationToken);
        if (cluster is not null)
        {
            await ReplyAsync(context, "load", await cluster.RunEverywhereAsync(ClusterAdmin.Load, context.GetOption<string>(CogOption)?.Trim() ?? "", cancellationToken), cancellationToken);
            return;
        }

        CogOutcome outcome = await supervisor.LoadAsync(context.GetOption<string>(CogOption)?.Trim() ?? "", cancellationToken);
        await ReplyAsync(context, "load", AdminReplies.Format(outcome, AdminReplies.Operation.Load), cancellationToken);
    }

    internal async ValueTask UnloadAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        await context.DeferAsync(ephemeral: true, cancellationToken);
        if (cluster is not null)
        {
            await ReplyAsync(context, "unload", await cluster.RunEverywhereAsync(ClusterAdmin.Unload, context.GetOption<string>(CogOption)?.Trim() ?? "", cancellationToken), cancellationToken);
            return;
        }

        CogOutcome outcome = await supervisor.UnloadAsync(context.GetOption<string>(CogOption)?.Trim() ?? "", cancellationToken);
        await ReplyAsync(context, "unload", AdminReplies.Format(outcome, AdminReplies.Operation.Unload), cancellationToken);
    }

    /// <summary>Cog names containing what was typed, loaded ones first as <c>!cogs</c> lists them; at most 25.</summary>
    internal ValueTask<IReadOnlyList<SlashChoice>> SuggestCogsAsync(IAutocompleteContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<SlashChoice> choices =
        [
            .. supervisor.List()
                .Where(c => c.Name.Contains(context.Text.Trim(), StringComparison.OrdinalIgnoreCase))
                .Take(25)
                .Select(c => new SlashChoice(c.Name, c.Name)),
        ];
        return ValueTask.FromResult(choices);
    }

    private static SlashCommandDefinition Admin(SlashCommandDefinition command) =>
        command with { OwnerOnly = true, DefaultMemberPermissions = Administrator };

    private SlashCommandOption CogName(string description, bool required) =>
        new(CogOption, SlashOptionType.String, description) { Required = required, MaxLength = 64, Autocomplete = SuggestCogsAsync };

    private async Task ReplyAsync(IInteractionContext context, string command, string reply, CancellationToken cancellationToken)
    {
        AdminLog.RanSlash(logger, context.User.Id, command, reply.ReplaceLineEndings(" | "));
        await context.ReplyAsync(InteractionReply.Private(Fit(reply)), cancellationToken);
    }

    // An interaction message holds 2000 characters; the full listing is in the log line above.
    private static string Fit(string text) => text.Length <= MaxReply ? text : text[..(MaxReply - 1)] + "…";
}
