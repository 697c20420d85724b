using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.Utility;

/// <summary>
/// <c>!ping</c>, <c>!uptime</c> and <c>!stats</c>, and <c>/ping</c> and <c>/stats</c>: the smallest complete cog, and the
/// worked example in docs/commands.md and docs/interactions.md. All state lives on the instance; the commands it
/// registers disappear when it unloads.
/// </summary>
public sealed class UtilityCog : ICog
{
    private ICogContext? _context;
    private DateTimeOffset _startedAt;
    private SlashCooldowns? _slashCooldowns; // null: the settings turned cooldowns off

    /// <inheritdoc />
    public string Name => "Utility";

    /// <inheritdoc />
    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        UtilitySettings settings = UtilitySettings.Load(context.Settings);
        TimeSpan? cooldown = settings.Cooldown;

        context.Commands.Add(new CommandDefinition("ping", "Shows the gateway heartbeat latency and a REST round trip.", PingAsync) { Cooldown = cooldown });
        context.Commands.Add(new CommandDefinition("uptime", "Shows how long the bot has been running.", UptimeAsync) { Cooldown = cooldown });
        context.Commands.Add(new CommandDefinition("stats", "Shows message, cache, LLM and memory statistics.", StatsAsync) { Cooldown = cooldown });
        context.Interactions.AddCommand(new SlashCommandDefinition("ping", "Shows the gateway heartbeat latency and a REST round trip.", SlashPingAsync));
        context.Interactions.AddCommand(new SlashCommandDefinition("stats", "Shows message, cache, LLM and memory statistics.", SlashStatsAsync)
        {
            Options = [new SlashCommandOption("public", SlashOptionType.Boolean, "Show the statistics to everyone (only to you by default)")],
        });

        _slashCooldowns = cooldown is { } window ? new SlashCooldowns(context.Time, window) : null;
        _context = context;
        _startedAt = context.Time.GetUtcNow();
        context.Logger.LogInformation("Utility cog started (cooldown {Cooldown} s)", settings.CooldownSeconds);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _context = null; // nothing runs in the background; the host removes the commands
        _slashCooldowns = null;
        return ValueTask.CompletedTask;
    }

    private async ValueTask PingAsync(ICommandContext command, CancellationToken cancellationToken) =>
        await command.ReplyAsync(await PingTextAsync(cancellationToken), cancellationToken);

    private async ValueTask SlashPingAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        if (await RefusedOnCooldownAsync(interaction, "ping", cancellationToken))
        {
            return;
        }

        await interaction.ReplyAsync(InteractionReply.Public(await PingTextAsync(cancellationToken)), cancellationToken);
    }

    /// <summary>
    /// Refuses a slash command still cooling down for its user, privately. Unlike <c>!ping</c>'s refusal (told once
    /// per window, then silence) every refused interaction is answered: Discord shows an unanswered one as failed, and
    /// a private answer cannot spam the channel.
    /// </summary>
    private async ValueTask<bool> RefusedOnCooldownAsync(IInteractionContext interaction, string command, CancellationToken cancellationToken)
    {
        if (_slashCooldowns is not { } cooldowns || cooldowns.TryEnter(command, interaction.User.Id, out TimeSpan retryAfter))
        {
            return false;
        }

        await interaction.ReplyAsync(InteractionReply.Private(SlashCooldowns.Refusal("/" + command, retryAfter)), cancellationToken);
        return true;
    }

    private async Task<string> PingTextAsync(CancellationToken cancellationToken)
    {
        ICogContext context = Started();
        string gateway = context.Discord.GatewayLatency is { } heartbeat ? DurationText.Format(heartbeat) : "not measured yet";
        string rest;
        try
        {
            rest = DurationText.Format(await context.Discord.MeasureRestLatencyAsync(cancellationToken));
        }
        catch (DiscordApiException e)
        {
            rest = e.HttpStatus == 0 ? "failed (no response)" : $"failed (HTTP {e.HttpStatus})";
        }

        return $"Pong! Gateway heartbeat: {gateway} · REST round trip: {rest}";
    }

    private async ValueTask UptimeAsync(ICommandContext command, CancellationToken cancellationToken)
    {
        ICogContext context = Started();
        DateTimeOffset now = context.Time.GetUtcNow();
        DateTimeOffset hostStarted = context.Statistics.Snapshot().StartedAt;
        await command.ReplyAsync(
            $"Up {DurationText.Format(now - hostStarted)}, since {Formatting.Time(hostStarted)}. "
            + $"This Utility cog was loaded {DurationText.Format(now - _startedAt)} ago.",
            cancellationToken);
    }

    private async ValueTask StatsAsync(ICommandContext command, CancellationToken cancellationToken) =>
        await command.ReplyAsync(StatsText(), cancellationToken);

    private async ValueTask SlashStatsAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        if (await RefusedOnCooldownAsync(interaction, "stats", cancellationToken))
        {
            return;
        }

        string report = StatsText();
        bool everyone = interaction.GetOption<bool?>("public") ?? false;
        await interaction.ReplyAsync(new InteractionReply(report) { Ephemeral = !everyone }, cancellationToken);
    }

    private string StatsText()
    {
        ICogContext context = Started();
        return StatsReport.Format(context.Statistics.Snapshot(), context.Cache.GetStatistics(), StatsReport.Memory.Current(), context.Time.GetUtcNow());
    }

    private ICogContext Started() => _context ?? throw new InvalidOperationException("The Utility cog is not started.");
}
