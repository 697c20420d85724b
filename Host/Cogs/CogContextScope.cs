using AndyAI.Abstractions;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.Settings;
using AndyAI.Abstractions.Storage;
using AndyAI.Cluster.Jobs;
using AndyAI.Commands;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Cogs.Jobs;
using AndyAI.Host.Interactions;
using AndyAI.Services;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs;

/// <summary>
/// One cog instance's registrations: one <see cref="ICogSurface"/> per kind (commands, message handlers), each
/// staged until <see cref="Activate"/> and taken back at <see cref="Deactivate"/> unless a newer instance replaced
/// them; typing indicators and the cog's services (cache partition, rate limiters), all released by <see cref="DisposeAsync"/>.
/// </summary>
internal sealed class CogContextScope : ICogContextScope
{
    private readonly CogSlot _slot;
    private readonly CogDiscordSurface _discord;
    private readonly CogJobRegistry _jobs;
    private readonly CogHttpRegistry _http;
    private readonly ICogSurface[] _surfaces;
    private readonly ICogServices _services;
    private readonly CogErrorTable _errorTable;
    private readonly CogErrorTally _errorTally;
    private long _handlerErrors;
    private string? _lastHandlerError;
    private int _state; // 0 staged, 1 active, 2 deactivated, 3 disposed
    private int _disposed;

    public CogContextScope(
        CogContextRequest request,
        CogSlot slot,
        IDiscordBot bot,
        ICommandCatalog catalog,
        ICogServices services,
        IBotStatistics statistics,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        InteractionTable interactionTable,
        IConversationMemory memory,
        ICogStorage storage,
        IBotSettings? botSettings = null,
        ICogGuildSwitch? guildSwitch = null,
        IJobLeases? jobLeases = null,
        CogHttpRouteTable? httpRoutes = null,
        CogJobTable? jobTable = null,
        CogErrorTable? errorTable = null,
        CogHttpRequestTable? httpRequests = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        CogName = request.CogName;
        Unloading = request.Unloading;
        Logger = loggerFactory.CreateLogger(request.CogName);
        _slot = slot;
        _services = services;
        GuildSwitch = guildSwitch;
        _discord = new CogDiscordSurface(bot, this);
        var commands = new CogCommandRegistry(catalog, request.CogName, CountCommandError);
        var interactions = new CogInteractionRegistry(interactionTable, request.CogName, CountCommandError, guildSwitch);
        _jobs = new CogJobRegistry(request.CogName, Logger, time, CountCommandError, () => IsCurrent, jobLeases, request.Unloading, jobTable);
        _http = new CogHttpRegistry(httpRoutes ?? new CogHttpRouteTable(), request.CogName, CountCommandError, Logger, time, request.Unloading, httpRequests);

        // Every surface a cog registers on, one line each; a new surface is its registry type plus a line here.
        _surfaces = [commands.Registrations, interactions.Registrations, _discord.Registrations, _jobs.Registrations, _http.Registrations];
        Context = new CogContext
        {
            CogName = request.CogName,
            Logger = Logger,
            LoggerFactory = new CogLoggerFactory(loggerFactory),
            Settings = request.Settings,
            DataDirectory = request.DataDirectory,
            Unloading = request.Unloading,
            Time = time,
            Discord = _discord,
            Commands = commands,
            Interactions = interactions,
            Jobs = _jobs,
            Llm = services.Llm,
            Cache = services.Cache,
            RateLimits = services.RateLimits,
            Statistics = statistics,
            Memory = memory,
            Storage = storage,
            BotSettings = botSettings ?? NoBotSettings.Instance,
            Http = _http,
        };

        // Last, so nothing after it can throw and leave the hold behind: the cog's handler_errors series lives until DisposeAsync.
        _errorTable = errorTable ?? new CogErrorTable();
        _errorTally = _errorTable.Acquire(request.CogName);
    }

    /// <summary>Which guilds turned this cog off (its message handlers skip their messages); <see langword="null"/> when none can.</summary>
    public ICogGuildSwitch? GuildSwitch { get; }

    public ICogContext Context { get; }

    public string CogName { get; }

    public ILogger Logger { get; }

    public CancellationToken Unloading { get; }

    public long HandlerErrorCount => Interlocked.Read(ref _handlerErrors);

    public string? LastHandlerError => Volatile.Read(ref _lastHandlerError);

    public IReadOnlyList<JobStatus> ScheduledJobs => _jobs.Status();

    public Task<IReadOnlyList<string>> StuckJobRunsAsync() => _jobs.StuckRunsAsync();

    public IReadOnlyList<string> HttpRoutes => [.. _http.Registrations.Items.Select(route => route.Description)];

    /// <summary>Whether this instance is the one of its cog that receives traffic now.</summary>
    public bool IsCurrent => ReferenceEquals(_slot.Current, this);

    /// <exception cref="InvalidOperationException">A command name was taken by another owner since the cog registered it; nothing went live.</exception>
    public void Activate()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException($"Cog {CogName}: a context can be activated only once, before it is deactivated.");
        }

        var live = new (string Kind, int Count)[_surfaces.Length];
        try
        {
            // Check every surface before publishing to any: a name conflict fails the switch with nothing changed.
            foreach (ICogSurface surface in _surfaces)
            {
                surface.EnsureCanActivate();
            }

            for (int i = 0; i < _surfaces.Length; i++)
            {
                live[i] = (_surfaces[i].Kind, _surfaces[i].Activate());
            }
        }
        catch
        {
            Volatile.Write(ref _state, 0);
            throw;
        }

        _slot.SetCurrent(this); // from here on the previous instance's handlers return at once
        CogLog.Activated(Logger, CogName, Describe(live));
    }

    public void Deactivate()
    {
        int state;
        do
        {
            state = Volatile.Read(ref _state);
            if (state >= 2)
            {
                return; // already deactivated (or disposed)
            }
        }
        while (Interlocked.CompareExchange(ref _state, 2, state) != state);

        _slot.ClearIfCurrent(this);
        var removed = new (string Kind, int Count)[_surfaces.Length];
        for (int i = 0; i < _surfaces.Length; i++)
        {
            removed[i] = (_surfaces[i].Kind, _surfaces[i].Deactivate());
        }

        CogLog.Released(Logger, CogName, Describe(removed));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Deactivate();
        Volatile.Write(ref _state, 3);
        try
        {
            await _discord.CloseAsync();
            try
            {
                await _services.DisposeAsync();
            }
            catch (Exception ex)
            {
                CogLog.ServicesDisposeFailed(Logger, CogName, ex);
            }
        }
        finally
        {
            // From the next scrape on this instance no longer keeps the cog's series.
            _http.ReleaseMetrics();
            _errorTable.Release(_errorTally);
        }
    }

    /// <summary>Counts and logs a message handler's exception (with the cog's name); the cog keeps running.</summary>
    internal void ReportHandlerError(Exception exception)
    {
        CountHandlerError(exception);
        CogLog.HandlerFailed(Logger, CogName, exception);
    }

    // The command dispatcher, the interaction router, the job scheduler and an HTTP route already log a failing handler in full; here it is only counted.
    private void CountCommandError(Exception exception) => CountHandlerError(exception);

    private void CountHandlerError(Exception exception)
    {
        Interlocked.Increment(ref _handlerErrors);
        Volatile.Write(ref _lastHandlerError, OneLine(exception));
        _errorTally.CountError();
    }

    private static string Describe((string Kind, int Count)[] counts) =>
        string.Join(", ", counts.Select(count => $"{count.Count} {count.Kind}"));

    private static string OneLine(Exception exception)
    {
        string message = exception.Message.ReplaceLineEndings(" ");
        if (message.Length > 300)
        {
            message = message[..300] + "…";
        }

        return $"{exception.GetType().Name}: {message}";
    }
}
