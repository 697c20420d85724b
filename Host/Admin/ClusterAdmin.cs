using System.Globalization;
using System.Text;
using AndyAI.Abstractions;
using AndyAI.Cluster.Admin;
using AndyAI.Host.Cogs.Supervision;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Admin;

/// <summary>
/// The admin commands across the bot's processes (REDIS_URL): <c>!reload</c>, <c>!load</c>, <c>!unload</c> and
/// <c>!cogs</c> (and their slash twins) run here and in every other live process through <see cref="ClusterBroadcast"/>,
/// and the reply is one report: per process, per cog, the outcome; a process that does not answer in time is
/// named as such. An applied plugins.json edit is relayed the same way. This process answers the others' requests.
/// </summary>
internal sealed class ClusterAdmin(ICogSupervisor supervisor, ClusterBroadcast broadcast, AndyAI.Cluster.RedisConnection redis) : IHostedService, IConfigurationChangeRelay
{
    public const string Reload = "reload";
    public const string ForcedReload = "reload-forced";
    public const string Load = "load";
    public const string Unload = "unload";
    public const string Cogs = "cogs";
    public const string PluginsConfiguration = "plugins.json";

    public Task StartAsync(CancellationToken cancellationToken) => broadcast.StartAnsweringAsync(RunHereAsync);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs <paramref name="kind"/> in every process and merges the answers into one reply.</summary>
    public async Task<string> RunEverywhereAsync(string kind, string argument, CancellationToken cancellationToken)
    {
        bool alone = !redis.IsAvailable;
        IReadOnlyList<ClusterAnswer> answers = await broadcast.AskEveryoneAsync(kind, argument, ct => RunHereAsync(kind, argument, ct), cancellationToken);
        string merged = Merge(answers, broadcast.Timeout);
        return alone ? merged + "\n(Redis is unreachable: only this process, " + redis.InstanceName + ", acted.)" : merged;
    }

    public async Task RelayAsync(CancellationToken cancellationToken) =>
        await broadcast.AskEveryoneAsync(PluginsConfiguration, "", _ => Task.FromResult(""), cancellationToken);

    /// <summary>What this process does when asked, as the text of its part of the reply.</summary>
    internal async Task<string> RunHereAsync(string kind, string argument, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case Reload:
                string[] names = AdminCommands.SplitNames(argument);
                IReadOnlyList<CogOutcome> outcomes;
                if (names.Length == 0)
                {
                    outcomes = await supervisor.ReloadAllAsync(force: false, cancellationToken);
                }
                else
                {
                    var list = new List<CogOutcome>(names.Length);
                    foreach (string name in names) list.Add(await supervisor.ReloadAsync(name, force: false, cancellationToken));
                    outcomes = list;
                }

                return AdminReplies.Format(outcomes, AdminReplies.Operation.Reload);
            case ForcedReload:
                // The dashboard's button: the current build even when nothing changed.
                return AdminReplies.Format(await supervisor.ReloadAsync(argument, force: true, cancellationToken), AdminReplies.Operation.Reload);
            case Load:
                return AdminReplies.Format(await supervisor.LoadAsync(argument, cancellationToken), AdminReplies.Operation.Load);
            case Unload:
                return AdminReplies.Format(await supervisor.UnloadAsync(argument, cancellationToken), AdminReplies.Operation.Unload);
            case Cogs:
                return AdminReplies.FormatCogs(supervisor.List(), supervisor.Configuration.PluginsDirectory);
            case PluginsConfiguration:
                ConfigurationReloadResult result = await supervisor.ReloadConfigurationAsync(cancellationToken);
                return result.Error is { } error ? "plugins.json rejected: " + error : AdminReplies.Format(result.Outcomes, AdminReplies.Operation.Reload);
            default:
                return $"unknown request '{kind}' (a process of another version?)";
        }
    }

    /// <summary>One process alone: its text as it always was; several: a section per process, this one first.</summary>
    internal static string Merge(IReadOnlyList<ClusterAnswer> answers, TimeSpan timeout)
    {
        if (answers.Count == 1) return answers[0].Text ?? "";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{answers.Count} processes:");
        foreach (ClusterAnswer answer in answers)
        {
            text.Append("\n**").Append(answer.Instance).Append("**").Append(answer.IsLocal ? " (this process)" : "");
            if (answer.Text is null)
            {
                text.Append(": did not answer within ").Append(DurationText.Format(timeout));
            }
            else
            {
                text.Append(":\n").Append(answer.Text);
            }
        }

        return text.ToString();
    }
}
