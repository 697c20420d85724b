using AndyAI.Abstractions.Commands;
using AndyAI.Host.Cogs.Supervision;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Admin;

/// <summary>
/// The built-in, owner-only <c>!reload</c>, <c>!load</c>, <c>!unload</c> and <c>!cogs</c>. They live in the host (owner
/// <c>Host</c>), so they keep working whatever happens to the cogs. With REDIS_URL they act in every process of the
/// bot and reply with one merged report (<see cref="ClusterAdmin"/>).
/// </summary>
internal sealed class AdminCommands(ICogSupervisor supervisor, ILogger<AdminCommands> logger, ClusterAdmin? cluster = null)
{
    private const string CogsParameter = "cogs";
    private const string CogParameter = "cog";

    public IReadOnlyList<CommandDefinition> CreateDefinitions() =>
    [
        new("reload", "Reloads every cog, or the named ones, from run/plugins/ (the old version keeps running if the new one fails).", ReloadAsync)
        {
            Parameters = [new CommandParameter(CogsParameter, CommandParameterType.Remainder, "Cog names, separated by spaces; none for all") { IsOptional = true, DefaultValue = "" }],
            OwnerOnly = true,
        },
        new("load", "Loads a cog from run/plugins/.", LoadAsync)
        {
            Parameters = [new CommandParameter(CogParameter, CommandParameterType.String, "The cog's name")],
            OwnerOnly = true,
        },
        new("unload", "Stops and unloads a cog, and checks that its code was released.", UnloadAsync)
        {
            Parameters = [new CommandParameter(CogParameter, CommandParameterType.String, "The cog's name")],
            OwnerOnly = true,
        },
        new("cogs", "Lists the cogs: version, state, load time, handler errors, scheduled jobs, last error.", ListAsync)
        {
            OwnerOnly = true,
        },
    ];

    internal async ValueTask ReloadAsync(ICommandContext context, CancellationToken cancellationToken)
    {
        string[] names = SplitNames(context.Get<string>(CogsParameter));
        if (cluster is not null)
        {
            await ReplyAsync(context, "reload", await cluster.RunEverywhereAsync(ClusterAdmin.Reload, string.Join(' ', names), cancellationToken), cancellationToken);
            return;
        }

        IReadOnlyList<CogOutcome> outcomes;
        if (names.Length == 0)
        {
            outcomes = await supervisor.ReloadAllAsync(force: false, cancellationToken);
        }
        else
        {
            var list = new List<CogOutcome>(names.Length);
            foreach (string name in names)
            {
                list.Add(await supervisor.ReloadAsync(name, force: false, cancellationToken));
            }

            outcomes = list;
        }

        await ReplyAsync(context, "reload", AdminReplies.Format(outcomes, AdminReplies.Operation.Reload), cancellationToken);
    }

    internal async ValueTask LoadAsync(ICommandContext context, CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            await ReplyAsync(context, "load", await cluster.RunEverywhereAsync(ClusterAdmin.Load, context.Get<string>(CogParameter), cancellationToken), cancellationToken);
            return;
        }

        CogOutcome outcome = await supervisor.LoadAsync(context.Get<string>(CogParameter), cancellationToken);
        await ReplyAsync(context, "load", AdminReplies.Format(outcome, AdminReplies.Operation.Load), cancellationToken);
    }

    internal async ValueTask UnloadAsync(ICommandContext context, CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            await ReplyAsync(context, "unload", await cluster.RunEverywhereAsync(ClusterAdmin.Unload, context.Get<string>(CogParameter), cancellationToken), cancellationToken);
            return;
        }

        CogOutcome outcome = await supervisor.UnloadAsync(context.Get<string>(CogParameter), cancellationToken);
        await ReplyAsync(context, "unload", AdminReplies.Format(outcome, AdminReplies.Operation.Unload), cancellationToken);
    }

    internal async ValueTask ListAsync(ICommandContext context, CancellationToken cancellationToken) =>
        await context.ReplyAsync(
            cluster is null ? AdminReplies.FormatCogs(supervisor.List(), supervisor.Configuration.PluginsDirectory) : await cluster.RunEverywhereAsync(ClusterAdmin.Cogs, "", cancellationToken),
            cancellationToken);

    private async Task ReplyAsync(ICommandContext context, string command, string reply, CancellationToken cancellationToken)
    {
        AdminLog.Ran(logger, context.Message.Author.Id, command, reply.ReplaceLineEndings(" | "));
        await context.ReplyAsync(reply, cancellationToken);
    }

    // "!reload A B", "!reload A, B" and "!reload A,B" all name A and B; duplicates are reloaded once.
    internal static string[] SplitNames(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
}
