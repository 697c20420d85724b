using System.Collections.Concurrent;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.Settings;
using AndyAI.Abstractions.Storage;
using AndyAI.Cluster.Jobs;
using AndyAI.Commands;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Cogs.Jobs;
using AndyAI.Host.Configuration;
using AndyAI.Host.Interactions;
using AndyAI.Services;
using AndyAI.Storage;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs;

/// <summary>Builds each cog instance's context over the host's Discord bot, command catalog and services (and, with REDIS_URL, the scheduled jobs' leases).</summary>
internal sealed class CogContextFactory(
    IDiscordBot bot,
    ICommandCatalog commands,
    ICogServicesFactory services,
    IBotStatistics statistics,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    SecretRegistry? secrets = null,
    InteractionTable? interactions = null,
    IConversationMemory? memory = null,
    CogStorageProvider? storage = null,
    IBotSettings? botSettings = null,
    ICogGuildSwitch? guildSwitch = null,
    IJobLeases? jobLeases = null,
    CogHttpRouteTable? httpRoutes = null,
    CogJobTable? jobTable = null,
    CogErrorTable? errorTable = null,
    CogHttpRequestTable? httpRequests = null) : ICogContextFactory
{
    // Without a host-wide table (tests that do not look at interactions) each factory keeps its own.
    private readonly InteractionTable _interactions = interactions ?? new InteractionTable();
    private readonly CogHttpRouteTable _httpRoutes = httpRoutes ?? new CogHttpRouteTable();
    private readonly CogJobTable _jobTable = jobTable ?? new CogJobTable();
    private readonly CogErrorTable _errorTable = errorTable ?? new CogErrorTable();
    private readonly CogHttpRequestTable _httpRequests = httpRequests ?? new CogHttpRequestTable();

    // One slot per cog name, kept for the host's lifetime: a handful of tiny objects that hold no cog code.
    private readonly ConcurrentDictionary<string, CogSlot> _slots = new(StringComparer.OrdinalIgnoreCase);

    public ICogContextScope Create(CogContextRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.CogName);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.DataDirectory);

        // Before the cog runs: a token in its settings must already be masked in its first log line.
        secrets?.AddFromSettings(request.Settings);
        Directory.CreateDirectory(request.DataDirectory);
        CogSlot slot = _slots.GetOrAdd(request.CogName, static _ => new CogSlot());
        ICogServices cogServices = services.Create(request.CogName);
        try
        {
            return new CogContextScope(request, slot, bot, commands, cogServices, statistics, loggerFactory, time, _interactions,
                memory ?? NoConversationMemory.Instance, storage?.For(request.CogName) ?? NoCogStorage.Instance, botSettings, guildSwitch, jobLeases, _httpRoutes, _jobTable, _errorTable, _httpRequests);
        }
        catch
        {
            _ = cogServices.DisposeAsync().AsTask();
            throw;
        }
    }
}
