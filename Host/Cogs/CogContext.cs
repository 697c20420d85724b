using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Http;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Jobs;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Abstractions.Settings;
using AndyAI.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs;

/// <summary>What one cog instance receives. Plain properties: everything with a lifetime lives in <see cref="CogContextScope"/>.</summary>
internal sealed class CogContext : ICogContext
{
    public required string CogName { get; init; }

    public required ILogger Logger { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public required JsonElement Settings { get; init; }

    public required string DataDirectory { get; init; }

    public required CancellationToken Unloading { get; init; }

    public required TimeProvider Time { get; init; }

    public required IDiscordBot Discord { get; init; }

    public required ICommandRegistry Commands { get; init; }

    public required IInteractionRegistry Interactions { get; init; }

    public required IJobRegistry Jobs { get; init; }

    public required ILlmService Llm { get; init; }

    public required IResponseCache Cache { get; init; }

    public required IRateLimitService RateLimits { get; init; }

    public required IBotStatistics Statistics { get; init; }

    public required IConversationMemory Memory { get; init; }

    public required ICogStorage Storage { get; init; }

    public required IBotSettings BotSettings { get; init; }

    public required IHttpRouteRegistry Http { get; init; }
}
