using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Settings;
using AndyAI.Host.Tests.Fakes;
using AndyAI.Services.Llm;
using AndyAI.Storage;
using AndyAI.Storage.Accounts;
using AndyAI.Storage.Conversations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Settings;

/// <summary>The settings area over a real SQLite file in a temporary folder, migrated as at start.</summary>
internal sealed class SettingsSut : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "andyai-settings-tests", Guid.NewGuid().ToString("N"));

    private SettingsSut(SettingsOptions options, ulong[] owners)
    {
        Directory.CreateDirectory(_folder);
        var storage = new StorageOptions { SqlitePath = Path.Combine(_folder, "andyai.db"), Retries = 0, RetryDelay = TimeSpan.FromMilliseconds(1), BusyTimeout = TimeSpan.FromSeconds(1) };
        Access = new DatabaseAccess(new SqliteDatabase(storage.SqlitePath, storage.BusyTimeout), Options.Create(storage), Time, NullLogger<DatabaseAccess>.Instance);
        Storage = new StorageService(Access, new ConversationMemory(Access, NullLogger<ConversationMemory>.Instance), NullLogger<StorageService>.Instance);
        Accounts = new Accounts(Access);
        var llm = new LlmOptions { Models = { ["smart"] = new LlmModelOptions { Model = "gpt-4.1" } } };
        Settings = new BotSettingsService(Accounts, Options.Create(options), Options.Create(llm), NullLogger<BotSettingsService>.Instance);
        Cogs.Statuses.Add(new CogStatus("MessageHandler", "MessageHandler", CogState.Running, "1.0.0", null, null, 0, null));
        Cogs.Statuses.Add(new CogStatus("Utility", "Utility", CogState.Running, "1.0.0", null, null, 0, null));
        // The guild most tests use, with the channels and roles they name; other guilds are unknown to the "gateway".
        Guilds.Add(KnownGuild, channelIds: [10, 11, 12], roleIds: [KnownGuild, 20, 77]);
        Editor = new SettingsEditor(Settings, Options.Create(llm), Cogs, Guilds, NullLogger<SettingsEditor>.Instance);
        LlmAccounts = new LlmAccounts(Accounts, Settings, new FakeBotOwners(owners), Options.Create(options), NullLogger<LlmAccounts>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public DatabaseAccess Access { get; }

    public StorageService Storage { get; }

    public Accounts Accounts { get; }

    public BotSettingsService Settings { get; }

    public FakeCogSupervisor Cogs { get; } = new();

    public const ulong KnownGuild = 500;

    public FakeGuildDirectory Guilds { get; } = new();

    public SettingsEditor Editor { get; }

    public LlmAccounts LlmAccounts { get; }

    public static async Task<SettingsSut> StartAsync(SettingsOptions? options = null, params ulong[] owners)
    {
        var sut = new SettingsSut(options ?? new SettingsOptions(), owners);
        await sut.Storage.StartAsync(CancellationToken.None);
        await sut.Settings.RefreshAsync(CancellationToken.None);
        return sut;
    }

    public async ValueTask DisposeAsync()
    {
        await Storage.StopAsync(CancellationToken.None);
        await Access.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
