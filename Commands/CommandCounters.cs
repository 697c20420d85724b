using System.Diagnostics.Metrics;

namespace AndyAI.Commands;

/// <summary>
/// Commands by name and outcome, in meter <c>AndyAI.Commands</c>: <c>andyai.commands.invoked</c> (run after owner
/// checks and cooldowns), <c>andyai.commands.failed</c> (the handler threw or timed out) and
/// <c>andyai.commands.denied</c> (owner-only, refused), each tagged with the command. The host's statistics read
/// them as <c>commands.invoked</c>, <c>commands.failed</c> and <c>commands.denied</c>
/// (<see cref="AndyAI.Abstractions.BotStatisticNames"/>). Without a meter factory nothing is recorded. The host's
/// slash commands count here too, tagged with their leading slash (<c>/ask</c>), so "commands run" is every command.
/// </summary>
public sealed class CommandCounters
{
    /// <summary>The meter the counters are in.</summary>
    public const string MeterName = "AndyAI.Commands";

    private readonly Counter<long>? _invoked;
    private readonly Counter<long>? _failed;
    private readonly Counter<long>? _denied;

    /// <summary>Counters in <paramref name="meters"/>'s <see cref="MeterName"/> meter; none without a factory.</summary>
    public CommandCounters(IMeterFactory? meters)
    {
        if (meters is null)
        {
            return;
        }

        Meter meter = meters.Create(MeterName);
        _invoked = meter.CreateCounter<long>("andyai.commands.invoked", description: "Commands run, by command");
        _failed = meter.CreateCounter<long>("andyai.commands.failed", description: "Commands whose handler threw or timed out, by command and reason");
        _denied = meter.CreateCounter<long>("andyai.commands.denied", description: "Owner-only commands refused to someone who is not an owner, by command");
    }

    /// <summary>A command passed its checks and its handler starts.</summary>
    public void Invoked(string command) => _invoked?.Add(1, new KeyValuePair<string, object?>("command", command));

    /// <summary>A command's handler threw (<c>exception</c>) or was given up (<c>timeout</c>).</summary>
    public void Failed(string command, string reason) =>
        _failed?.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>An owner-only command was refused to someone who is not an owner.</summary>
    public void Denied(string command) => _denied?.Add(1, new KeyValuePair<string, object?>("command", command));
}
