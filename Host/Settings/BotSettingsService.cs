using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Settings;
using AndyAI.Abstractions.Storage;
using AndyAI.Commands;
using AndyAI.Services.Llm;
using AndyAI.Storage.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Settings;

/// <summary>
/// Guild and user settings: every guild's document in memory (read on every message, so never a database call
/// there), re-read every <see cref="SettingsOptions.RefreshInterval"/> so changes made by another process sharing the
/// database apply; users' documents read on demand and kept for the same interval. A database that is down leaves
/// the last known settings (or the defaults) in force.
/// </summary>
internal sealed class BotSettingsService(
    Accounts accounts,
    IOptions<SettingsOptions> options,
    IOptions<LlmOptions> llm,
    ILogger<BotSettingsService> logger) : BackgroundService, IBotSettings, ICogGuildSwitch
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<ulong, (UserSettingsDocument Settings, DateTimeOffset Until)> _users = new();
    private FrozenDictionary<ulong, GuildEntry> _guilds = FrozenDictionary<ulong, GuildEntry>.Empty;

    private TimeProvider Time => accounts.Time;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.RefreshInterval, Time, stoppingToken);
                await RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Re-reads every guild's settings; a database that does not answer keeps the ones in memory.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            List<(ulong GuildId, string Json)> all = await accounts.AllGuildSettingsAsync(cancellationToken);
            var entries = new Dictionary<ulong, GuildEntry>(all.Count);
            foreach ((ulong guildId, string json) in all)
            {
                entries[guildId] = new GuildEntry(Parse(json, SettingsJsonContext.Default.GuildSettingsDocument, guildId) ?? GuildSettingsDocument.Default);
            }

            lock (_gate)
            {
                _guilds = entries.ToFrozenDictionary();
            }
        }
        catch (StorageUnavailableException ex)
        {
            SettingsLog.RefreshFailed(logger, ex.Message);
        }
    }

    /// <summary>The guild's settings (the defaults when it has none).</summary>
    public GuildSettingsDocument Guild(ulong guildId) =>
        Volatile.Read(ref _guilds).TryGetValue(guildId, out GuildEntry? entry) ? entry.Settings : GuildSettingsDocument.Default;

    public bool IsEnabled(string cogName, ulong guildId) =>
        !Volatile.Read(ref _guilds).TryGetValue(guildId, out GuildEntry? entry) || !entry.Disabled.Contains(cogName)
        || string.Equals(cogName, ICommandCatalog.HostOwner, StringComparison.OrdinalIgnoreCase);

    /// <summary>The user's own settings (none when the database cannot say).</summary>
    public async ValueTask<UserSettingsDocument> UserAsync(ulong userId, CancellationToken cancellationToken)
    {
        DateTimeOffset now = Time.GetUtcNow();
        if (_users.TryGetValue(userId, out var cached) && cached.Until > now)
        {
            return cached.Settings;
        }

        try
        {
            string? json = await accounts.GetSettingsAsync(SettingsScope.User, userId, cancellationToken);
            UserSettingsDocument settings = json is null ? new UserSettingsDocument() : Parse(json, SettingsJsonContext.Default.UserSettingsDocument, userId) ?? new UserSettingsDocument();
            Remember(userId, settings, now);
            return settings;
        }
        catch (StorageUnavailableException)
        {
            return cached.Settings ?? new UserSettingsDocument();
        }
    }

    /// <exception cref="StorageUnavailableException">The database is down: nothing changed.</exception>
    public async Task SetGuildAsync(ulong guildId, GuildSettingsDocument settings, CancellationToken cancellationToken)
    {
        await accounts.SetSettingsAsync(SettingsScope.Guild, guildId, JsonSerializer.Serialize(settings, SettingsJsonContext.Default.GuildSettingsDocument), cancellationToken);
        lock (_gate)
        {
            var entries = new Dictionary<ulong, GuildEntry>(_guilds) { [guildId] = new GuildEntry(settings) };
            _guilds = entries.ToFrozenDictionary();
        }
    }

    /// <exception cref="StorageUnavailableException">The database is down: nothing changed.</exception>
    public async Task SetUserAsync(ulong userId, UserSettingsDocument settings, CancellationToken cancellationToken)
    {
        await accounts.SetSettingsAsync(SettingsScope.User, userId, JsonSerializer.Serialize(settings, SettingsJsonContext.Default.UserSettingsDocument), cancellationToken);
        Remember(userId, settings, Time.GetUtcNow());
    }

    // Past this many users, expired entries are swept on the next insert: the cache holds recent askers, not everyone ever.
    private const int SweepThreshold = 10_000;

    private void Remember(ulong userId, UserSettingsDocument settings, DateTimeOffset now)
    {
        if (_users.Count >= SweepThreshold)
        {
            foreach ((ulong id, (UserSettingsDocument _, DateTimeOffset until)) in _users)
            {
                if (until <= now)
                {
                    _users.TryRemove(id, out _);
                }
            }
        }

        _users[userId] = (settings, now + options.Value.RefreshInterval);
    }

    /// <summary>Users whose settings are cached now.</summary>
    internal int CachedUsers => _users.Count;

    /// <summary>Drops the cached copy of a user's settings (their data was deleted).</summary>
    public void ForgetUser(ulong userId) => _users.TryRemove(userId, out _);

    public async ValueTask<EffectiveSettings> GetAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken = default)
    {
        GuildSettingsDocument guild = guildId is { } id ? Guild(id) : GuildSettingsDocument.Default;
        UserSettingsDocument user = await UserAsync(userId, cancellationToken);
        return new EffectiveSettings
        {
            SystemPrompt = guild.SystemPrompt,
            PersonaName = guild.PersonaName,
            PersonaLine = user.Persona,
            Language = user.Language,
            // A model removed from the configuration since it was chosen falls back to the next choice.
            Model = KnownModel(user.Model) ?? KnownModel(guild.Model),
            AllowedChannelIds = guild.AllowedChannelIds,
            AiRoleIds = guild.AiRoleIds,
        };
    }

    public async ValueTask<UserAccountData> ExportAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        string? json = await accounts.GetSettingsAsync(SettingsScope.User, userId, cancellationToken);
        UserSettingsDocument user = json is null ? new UserSettingsDocument() : Parse(json, SettingsJsonContext.Default.UserSettingsDocument, userId) ?? new UserSettingsDocument();
        List<UsageRow> usage = await accounts.UsageOfUserAsync(userId, cancellationToken);
        return new UserAccountData(
            new EffectiveSettings { Model = user.Model, Language = user.Language, PersonaLine = user.Persona },
            [.. usage.Select(u => new UsageDay(DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(u.Day)), u.GuildId, u.Model, u.Requests, u.PromptTokens, u.CompletionTokens))]);
    }

    public async ValueTask<int> DeleteAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        int deleted = await accounts.DeleteUserAsync(userId, cancellationToken);
        ForgetUser(userId);
        return deleted;
    }

    /// <summary>The configured model's name as configured (<c>default</c> for the default), or <see langword="null"/> when none is called so.</summary>
    public string? KnownModel(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (string.Equals(name, LlmModelInfo.DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            return LlmModelInfo.DefaultName;
        }

        return llm.Value.Models.Keys.FirstOrDefault(k => string.Equals(k, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private T? Parse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, ulong id)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException ex)
        {
            // One unreadable row (edited by hand?) must not take the others down: it reads as the defaults.
            SettingsLog.UnreadableSettings(logger, typeof(T).Name, id, ex.Message);
            return default;
        }
    }

    private sealed class GuildEntry(GuildSettingsDocument settings)
    {
        public GuildSettingsDocument Settings { get; } = settings;

        public FrozenSet<string> Disabled { get; } = settings.DisabledCogs.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
