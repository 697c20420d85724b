using System.Collections.Concurrent;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Host.Cogs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Host.Tests.Plugins;

/// <summary>
/// A context factory whose scopes stage commands until Activate and route them through <see cref="FakeCommandRouter"/>,
/// like the host's real scopes. It records the order scopes were disposed in.
/// </summary>
internal sealed class FakeCogContextFactory(TimeProvider time) : ICogContextFactory
{
    public FakeCommandRouter Router { get; } = new();

    public ConcurrentQueue<string> DisposedInOrder { get; } = new();

    public ConcurrentQueue<CogContextRequest> Requests { get; } = new();

    public Func<CogContextRequest, Exception?> FailCreate { get; set; } = _ => null;

    public ICogContextScope Create(CogContextRequest request)
    {
        if (FailCreate(request) is { } failure) throw failure;
        Requests.Enqueue(request with { Settings = request.Settings.Clone() });
        return new FakeCogContextScope(this, request, time);
    }
}

/// <summary>One instance's registrations: staged, then live after Activate, removed at Deactivate/Dispose.</summary>
internal sealed class FakeCogContextScope(FakeCogContextFactory factory, CogContextRequest request, TimeProvider time)
    : ICogContextScope, ICogContext, ICommandRegistry
{
    private readonly List<CommandDefinition> _staged = [];
    private long _errors;

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

    public IDiscordBot Discord => throw new NotSupportedException("plugin tests do not use Discord");

    public ICommandRegistry Commands => this;

    public ILlmService Llm => throw new NotSupportedException("plugin tests do not use the LLM");

    public IResponseCache Cache => throw new NotSupportedException("plugin tests do not use the cache");

    public IRateLimitService RateLimits => throw new NotSupportedException("plugin tests do not use rate limits");

    public IBotStatistics Statistics => throw new NotSupportedException("plugin tests do not use statistics");

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
    }

    public void Deactivate() => factory.Router.RemoveOwner(this);

    public void RecordError(Exception e)
    {
        Interlocked.Increment(ref _errors);
        LastHandlerError = $"{e.GetType().Name}: {e.Message}";
    }

    public ValueTask DisposeAsync()
    {
        factory.Router.RemoveOwner(this);
        lock (_staged) _staged.Clear();
        IsDisposed = true;
        factory.DisposedInOrder.Enqueue(CogName);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Live commands by name, each owned by one scope; plays the command framework for the tests.</summary>
internal sealed class FakeCommandRouter
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, (FakeCogContextScope Owner, CommandDefinition Command)> _live = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> LiveCommands
    {
        get
        {
            lock (_sync) return [.. _live.Keys];
        }
    }

    public void Replace(FakeCogContextScope owner, IEnumerable<CommandDefinition> commands)
    {
        lock (_sync)
        {
            foreach (string name in _live.Where(p => p.Value.Owner.CogName == owner.CogName).Select(p => p.Key).ToList()) _live.Remove(name);
            foreach (CommandDefinition command in commands) _live[command.Name] = (owner, command);
        }
    }

    public void RemoveOwner(FakeCogContextScope owner)
    {
        lock (_sync)
        {
            foreach (string name in _live.Where(p => ReferenceEquals(p.Value.Owner, owner)).Select(p => p.Key).ToList()) _live.Remove(name);
        }
    }

    /// <summary>Runs a command and returns its reply; null when no cog owns it; "error" when its handler threw (counted on the owner).</summary>
    public async Task<string?> InvokeAsync(string name)
    {
        FakeCogContextScope owner;
        CommandDefinition command;
        lock (_sync)
        {
            if (!_live.TryGetValue(name, out var entry)) return null;
            (owner, command) = entry;
        }

        var context = new FakeCommandContext(name);
        try
        {
            await command.Handler(context, CancellationToken.None);
        }
        catch (Exception e)
        {
            owner.RecordError(e);
            return "error";
        }

        return context.Reply;
    }

    private sealed class FakeCommandContext(string invokedAs) : ICommandContext
    {
        public string? Reply { get; private set; }

        public DiscordMessage Message { get; } = new()
        {
            Id = 1,
            ChannelId = 2,
            Author = new DiscordUser(3, "tester", IsBot: false),
            Content = "!" + invokedAs,
        };

        public string InvokedAs => invokedAs;

        public bool CallerIsOwner => true;

        public T Get<T>(string name) => throw new KeyNotFoundException(name);

        public Task<DiscordMessage> ReplyAsync(string content, CancellationToken cancellationToken = default)
        {
            Reply = content;
            return Task.FromResult(Message with { Id = 4, Content = content });
        }
    }
}

/// <summary>Keeps formatted log lines only: a logged exception object would pin a cog's code (its stack trace).</summary>
internal sealed class LineLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
