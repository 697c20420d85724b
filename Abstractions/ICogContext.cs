using System.Text.Json;
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

namespace AndyAI.Abstractions;

/// <summary>
/// The services a cog receives from the host. Everything registered through it (message handlers, commands,
/// HTTP routes, rate limiters, cache entries) belongs to the host and is removed when the cog unloads.
/// </summary>
public interface ICogContext
{
    /// <summary>The cog's name.</summary>
    string CogName { get; }

    /// <summary>A logger whose category is the cog's name.</summary>
    ILogger Logger { get; }

    /// <summary>Creates loggers for the cog's own categories.</summary>
    ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// The cog's settings object from <c>plugins.json</c> (<c>cogs.&lt;Name&gt;.settings</c>); an empty object when
    /// none is configured. Deserialize it with a source-generated <c>JsonTypeInfo</c>: reflection-based
    /// serialization of cog types keeps the cog from unloading.
    /// </summary>
    JsonElement Settings { get; }

    /// <summary>A directory the cog owns for its own files. It exists and survives reloads.</summary>
    string DataDirectory { get; }

    /// <summary>Cancelled when the cog starts unloading. Background work should stop when it fires.</summary>
    CancellationToken Unloading { get; }

    /// <summary>The clock. Use it instead of <see cref="DateTime.UtcNow"/> and bare delays so tests can drive time.</summary>
    TimeProvider Time { get; }

    /// <summary>The Discord bot: incoming messages and everything the bot can send.</summary>
    IDiscordBot Discord { get; }

    /// <summary>Registers prefix commands.</summary>
    ICommandRegistry Commands { get; }

    /// <summary>Declares slash commands and component and modal handlers (contract 1.1).</summary>
    /// <remarks>
    /// The host implements it; the default implementation only keeps test doubles written against contract 1.0
    /// compiling, and throws.
    /// </remarks>
    /// <exception cref="NotSupportedException">This context does not offer interactions (a 1.0 test double).</exception>
    IInteractionRegistry Interactions => throw new NotSupportedException("This cog context offers no interactions (contract 1.0).");

    /// <summary>The language-model service, with retries, timeouts and response caching.</summary>
    ILlmService Llm { get; }

    /// <summary>The response cache; entries are partitioned per cog and purged when the cog unloads.</summary>
    IResponseCache Cache { get; }

    /// <summary>Token-bucket rate limits.</summary>
    IRateLimitService RateLimits { get; }

    /// <summary>Counters the host aggregates for statistics (<c>!stats</c>).</summary>
    IBotStatistics Statistics { get; }

    /// <summary>Stored conversations: the context of the next question, kept across restarts (contract 1.2).</summary>
    /// <remarks>The default implementation (test doubles written against contract 1.1) keeps nothing.</remarks>
    IConversationMemory Memory => NoConversationMemory.Instance;

    /// <summary>The cog's own key → JSON value store in the host's database, kept across reloads (contract 1.2).</summary>
    /// <remarks>
    /// The host implements it; the default implementation only keeps test doubles written against contract 1.1
    /// compiling, and throws.
    /// </remarks>
    /// <exception cref="NotSupportedException">This context offers no storage (a 1.1 test double).</exception>
    ICogStorage Storage => throw new NotSupportedException("This cog context offers no storage (contract 1.1).");

    /// <summary>The guild and user settings chosen with <c>/settings</c> and <c>/model</c> (contract 1.3).</summary>
    /// <remarks>The default implementation (test doubles written against contract 1.2) has nothing chosen.</remarks>
    IBotSettings BotSettings => NoBotSettings.Instance;

    /// <summary>Schedules work on a timer (an interval or a cron expression), stopped with the cog (contract 1.6).</summary>
    /// <remarks>
    /// The host implements it; the default implementation only keeps test doubles written against contract 1.5
    /// compiling, and throws.
    /// </remarks>
    /// <exception cref="NotSupportedException">This context offers no scheduled jobs (a 1.5 test double).</exception>
    IJobRegistry Jobs => throw new NotSupportedException("This cog context offers no scheduled jobs (contract 1.5).");

    /// <summary>
    /// HTTP routes under <c>/cogs/&lt;name&gt;/</c> on the host's listener: webhooks and small JSON APIs, removed when the
    /// cog unloads (contract 1.6).
    /// </summary>
    /// <remarks>
    /// The host implements it; the default implementation only keeps test doubles written against contract 1.5
    /// compiling, and throws.
    /// </remarks>
    /// <exception cref="NotSupportedException">This context offers no HTTP routes (a 1.5 test double).</exception>
    IHttpRouteRegistry Http => throw new NotSupportedException("This cog context offers no HTTP routes (contract 1.5).");
}
