using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Host.Cogs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.ReloadBench;

/// <summary>
/// The smallest context that lets a cog register commands: it measures the plugin manager's own cost (copy, load,
/// start, switch, stop, unload, verified collection), not the host's services.
/// </summary>
internal sealed class BenchContextFactory : ICogContextFactory
{
    public int LiveCommands;

    public ICogContextScope Create(CogContextRequest request) => new Scope(this, request);

    private sealed class Scope(BenchContextFactory owner, CogContextRequest request) : ICogContextScope, ICogContext, ICommandRegistry
    {
        private readonly List<CommandDefinition> _commands = [];
        private bool _active;

        public ICogContext Context => this;

        public long HandlerErrorCount => 0;

        public string? LastHandlerError => null;

        public string CogName => request.CogName;

        public ILogger Logger => NullLogger.Instance;

        public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public JsonElement Settings => request.Settings;

        public string DataDirectory => request.DataDirectory;

        public CancellationToken Unloading => request.Unloading;

        public TimeProvider Time => TimeProvider.System;

        public IDiscordBot Discord => throw new NotSupportedException();

        public ICommandRegistry Commands => this;

        public ILlmService Llm => throw new NotSupportedException();

        public IResponseCache Cache => throw new NotSupportedException();

        public IRateLimitService RateLimits => throw new NotSupportedException();

        public IBotStatistics Statistics => throw new NotSupportedException();

        public string Prefix => "!";

        public void Add(CommandDefinition command) => _commands.Add(command);

        public bool IsCommandInvocation(DiscordMessage message) => false;

        public void Activate()
        {
            _active = true;
            Interlocked.Add(ref owner.LiveCommands, _commands.Count);
        }

        public void Deactivate()
        {
            if (!_active) return;
            _active = false;
            Interlocked.Add(ref owner.LiveCommands, -_commands.Count);
        }

        public ValueTask DisposeAsync()
        {
            Deactivate();
            _commands.Clear();
            return ValueTask.CompletedTask;
        }
    }
}
