using AndyAI.Abstractions;
using System.Globalization;
using System.Threading.Channels;
using AndyAI.Discord.Interactions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Interactions;

/// <summary>
/// Keeps Discord's command list equal to the <see cref="InteractionTable"/>: at start and after every change (a cog
/// loaded, reloaded or unloaded), once changes have paused for <see cref="InteractionsOptions.SyncDelay"/>, it reads
/// what Discord has (globally, or in each configured guild) and bulk-overwrites only where the canonical text of
/// the set differs, so a restart or a reload that changes no command costs no write (Discord limits command
/// creates to 200 a day per guild). A failure is logged and retried with backoff; it never stops the host.
/// </summary>
internal sealed class InteractionCommandSync(
    IInteractionClient client,
    InteractionTable table,
    IOptions<InteractionsOptions> options,
    TimeProvider time,
    ILogger<InteractionCommandSync> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Bulk overwrites sent since start (for tests and diagnostics).</summary>
    public int Overwrites { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        table.CommandsChanged += OnCommandsChanged;
        try
        {
            OnCommandsChanged(); // the first sync, at start
            while (await _changes.Reader.WaitToReadAsync(stoppingToken))
            {
                // Debounce: a reload of every cog is one burst of changes and one sync.
                await Task.Delay(options.Value.SyncDelay, time, stoppingToken);
                _changes.Reader.TryRead(out _);
                await SyncWithRetriesAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            table.CommandsChanged -= OnCommandsChanged;
        }
    }

    /// <summary>Brings every target up to date once and returns how many it overwrote.</summary>
    /// <exception cref="Exception">Whatever the Discord client threw; nothing is retried here.</exception>
    internal async Task<int> SyncOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ApplicationCommand> desired = [.. table.Commands.Select(InteractionMapper.ToApplicationCommand)];
        string wanted = InteractionMapper.Canonical(desired);
        IList<ulong> guilds = options.Value.GuildIds;
        ulong?[] targets = guilds.Count == 0 ? [null] : [.. guilds.Distinct().Select(g => (ulong?)g)];
        int overwritten = 0;
        foreach (ulong? guild in targets)
        {
            string target = guild is { } id ? "guild " + id.ToString(CultureInfo.InvariantCulture) : "global";
            IReadOnlyList<ApplicationCommand> current = await client.GetCommandsAsync(guild, cancellationToken);
            if (InteractionMapper.Canonical(current) == wanted)
            {
                InteractionLog.SyncUnchanged(logger, target, desired.Count);
                continue;
            }

            await client.BulkOverwriteAsync(desired, guild, cancellationToken);
            overwritten++;
            Overwrites++;
            InteractionLog.Synced(logger, target, desired.Count, string.Join(", ", desired.Select(c => "/" + c.Name)));
        }

        return overwritten;
    }

    private async Task SyncWithRetriesAsync(CancellationToken stoppingToken)
    {
        TimeSpan delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await SyncOnceAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                InteractionLog.SyncFailed(logger, options.Value.GuildIds.Count == 0 ? "global" : "guilds", DurationText.Format(delay), ex);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.SyncMaxRetryDelay.Ticks));
            }
        }
    }

    private void OnCommandsChanged() => _changes.Writer.TryWrite(true);
}
