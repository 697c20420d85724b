using AndyAI.Abstractions;
using System.Collections.Concurrent;
using System.Threading.Channels;
using AndyAI.Abstractions.Storage;
using AndyAI.Commands;
using AndyAI.Services.Llm;
using AndyAI.Storage.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Settings;

/// <summary>
/// The host's <see cref="ILlmAccounting"/>: writes each call's tokens to <c>llm_usage</c> in the background (an
/// answer never waits for the database), and checks the daily quotas against the day's rows plus the calls not yet
/// written, so a burst cannot slip past a quota while its usage is in the queue. Owners are exempt. A database
/// that is down stops no one: the count is unknown, so no quota applies, and the writes wait for it.
/// </summary>
internal sealed class LlmAccounts : BackgroundService, ILlmAccounting
{
    private const int QueueCapacity = 10_000;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Accounts _accounts;
    private readonly BotSettingsService _settings;
    private readonly IBotOwners _owners;
    private readonly IOptions<SettingsOptions> _options;
    private readonly ILogger<LlmAccounts> _logger;
    private readonly Channel<LlmUsageEntry> _queue;

    // Tokens recorded but not yet written, by (day, guild?, id): counted by the quota check.
    private readonly ConcurrentDictionary<(long Day, bool Guild, ulong Id), long> _pending = new();

    public LlmAccounts(Accounts accounts, BotSettingsService settings, IBotOwners owners, IOptions<SettingsOptions> options, ILogger<LlmAccounts> logger)
    {
        _accounts = accounts;
        _settings = settings;
        _owners = owners;
        _options = options;
        _logger = logger;
        // A long outage fills the queue: the oldest entries go first, and their tokens leave the pending count with them.
        _queue = Channel.CreateBounded<LlmUsageEntry>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            Forget);
    }

    public void Record(LlmUsageEntry entry)
    {
        long day = Accounts.DayOf(entry.At);
        long tokens = (long)entry.PromptTokens + entry.CompletionTokens;
        _pending.AddOrUpdate((day, false, entry.UserId), tokens, (_, t) => t + tokens);
        if (entry.GuildId is { } guildId)
        {
            _pending.AddOrUpdate((day, true, guildId), tokens, (_, t) => t + tokens);
        }

        _queue.Writer.TryWrite(entry);
    }

    public async ValueTask<DateTimeOffset?> QuotaExceededUntilAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken)
    {
        GuildSettingsDocument? guild = guildId is { } id ? _settings.Guild(id) : null;
        long userLimit = guild?.DailyUserTokens ?? _options.Value.DailyUserTokens;
        long guildLimit = guildId is null ? 0 : guild!.DailyGuildTokens ?? _options.Value.DailyGuildTokens;
        if (userLimit <= 0 && guildLimit <= 0)
        {
            return null;
        }

        if (await _owners.IsOwnerAsync(userId, cancellationToken))
        {
            return null;
        }

        long day = Accounts.DayOf(_accounts.Time.GetUtcNow());
        try
        {
            if (userLimit > 0 && await _accounts.UserTokensAsync(day, userId, cancellationToken) + Pending(day, false, userId) >= userLimit)
            {
                return Accounts.EndOfDay(day);
            }

            if (guildLimit > 0 && await _accounts.GuildTokensAsync(day, guildId!.Value, cancellationToken) + Pending(day, true, guildId.Value) >= guildLimit)
            {
                return Accounts.EndOfDay(day);
            }
        }
        catch (StorageUnavailableException)
        {
            return null;
        }

        return null;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let the writer drain what the cogs' last answers recorded, within the host's stop budget.
        _queue.Writer.TryComplete();
        try
        {
            if (ExecuteTask is { } running)
            {
                await running.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            SettingsLog.UsageDropped(_logger, _queue.Reader.Count);
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Not the stopping token: StopAsync completes the queue and this loop drains it.
            await foreach (LlmUsageEntry entry in _queue.Reader.ReadAllAsync(CancellationToken.None))
            {
                await WriteAsync(entry, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the host's stop budget ran out
        }
    }

    private async Task WriteAsync(LlmUsageEntry entry, CancellationToken stoppingToken)
    {
        var row = new UsageRow(Accounts.DayOf(entry.At), entry.UserId, entry.GuildId, entry.Model, 1, entry.PromptTokens, entry.CompletionTokens);
        try
        {
            for (bool logged = false; ; logged = true)
            {
                try
                {
                    await _accounts.AddUsageAsync(row, stoppingToken);
                    return;
                }
                catch (StorageUnavailableException ex)
                {
                    // Once per outage: the storage service already says the database is down.
                    if (!logged)
                    {
                        SettingsLog.UsageWriteFailed(_logger, ex.Message, DurationText.Format(RetryDelay));
                    }

                    await Task.Delay(RetryDelay, _accounts.Time, stoppingToken);
                }
            }
        }
        finally
        {
            Forget(entry);
        }
    }

    /// <summary>Takes an entry's tokens out of the pending count (written, or dropped from a full queue).</summary>
    private void Forget(LlmUsageEntry entry)
    {
        long day = Accounts.DayOf(entry.At);
        long tokens = (long)entry.PromptTokens + entry.CompletionTokens;
        Release((day, false, entry.UserId), tokens);
        if (entry.GuildId is { } guildId)
        {
            Release((day, true, guildId), tokens);
        }
    }

    private long Pending(long day, bool guild, ulong id) => _pending.TryGetValue((day, guild, id), out long tokens) ? tokens : 0;

    private void Release((long, bool, ulong) key, long tokens)
    {
        long left = _pending.AddOrUpdate(key, 0, (_, t) => t - tokens);
        if (left <= 0)
        {
            _pending.TryRemove(KeyValuePair.Create(key, left));
        }
    }
}
