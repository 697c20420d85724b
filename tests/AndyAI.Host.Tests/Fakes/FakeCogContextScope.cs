using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Http;
using AndyAI.Abstractions.Jobs;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Cogs.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>
/// One instance's registrations: staged, then live after Activate, removed at Deactivate/Dispose. Scheduled jobs go
/// through the host's own <see cref="CogJobRegistry"/>, so unload tests see its timers and runs released; HTTP routes
/// through the host's own registry into the factory's <see cref="FakeCogContextFactory.HttpRoutes"/> table.
/// </summary>
internal sealed class FakeCogContextScope(FakeCogContextFactory factory, CogContextRequest request, TimeProvider time)
    : ICogContextScope, ICogContext, ICommandRegistry
{
    private readonly List<CommandDefinition> _staged = [];
    private CogJobRegistry? _jobs;
    private long _errors;
    private CogHttpRegistry? _http;

    public ICogContext Context => this;

    public long HandlerErrorCount => Interlocked.Read(ref _errors);

    public string? LastHandlerError { get; private set; }

    public bool IsDisposed { get; private set; }

    public string CogName => request.CogName;

    public ILogger Logger => NullLogger.Instance;

    public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public System.Text.Json.JsonElement Settings => request.Settings;

    public string DataDirectory => request.DataDirectory;

    public CancellationToken Unloading => request.Unloading;

    public TimeProvider Time => time;

    public IDiscordBot Discord => throw new NotSupportedException("these tests do not use Discord");

    public ICommandRegistry Commands => this;

    public IJobRegistry Jobs => JobRegistry;

    public IReadOnlyList<JobStatus> ScheduledJobs => JobRegistry.Status();

    public Task<IReadOnlyList<string>> StuckJobRunsAsync() => JobRegistry.StuckRunsAsync();

    private CogJobRegistry JobRegistry => LazyInitializer.EnsureInitialized(ref _jobs,
        () => new CogJobRegistry(request.CogName, NullLogger.Instance, time, RecordError, () => !IsDisposed, null, request.Unloading));

    public IHttpRouteRegistry Http => LazyInitializer.EnsureInitialized(ref _http,
        () => new CogHttpRegistry(factory.HttpRoutes, request.CogName, RecordError, NullLogger.Instance, time, request.Unloading));

    public IReadOnlyList<string> HttpRoutes => _http is null ? [] : [.. _http.Registrations.Items.Select(r => r.Description)];

    public ILlmService Llm => throw new NotSupportedException("these tests do not use the LLM");

    public IResponseCache Cache => throw new NotSupportedException("these tests do not use the cache");

    public IRateLimitService RateLimits => throw new NotSupportedException("these tests do not use rate limits");

    public IBotStatistics Statistics => throw new NotSupportedException("these tests do not use statistics");

    public string Prefix => "!";

    public void Add(CommandDefinition command)
    {
        lock (_staged) _staged.Add(command);
    }

    public bool IsCommandInvocation(DiscordMessage message) => message.Content.StartsWith(Prefix, StringComparison.Ordinal);

    public void Activate()
    {
        CommandDefinition[] staged;
        lock (_staged)
        {
            staged = [.. _staged];
            _staged.Clear();
        }

        factory.Router.Replace(this, staged);
        JobRegistry.Registrations.Activate();
        _http?.Registrations.Activate();
    }

    public void Deactivate()
    {
        factory.Router.RemoveOwner(this);
        JobRegistry.Registrations.Deactivate();
        _http?.Registrations.Deactivate();
    }

    public void RecordError(Exception e)
    {
        Interlocked.Increment(ref _errors);
        LastHandlerError = $"{e.GetType().Name}: {e.Message}";
    }

    public ValueTask DisposeAsync()
    {
        factory.Router.RemoveOwner(this);
        JobRegistry.Registrations.Deactivate();
        _http?.Registrations.Deactivate();
        lock (_staged) _staged.Clear();
        IsDisposed = true;
        factory.DisposedInOrder.Enqueue(CogName);
        return ValueTask.CompletedTask;
    }
}
