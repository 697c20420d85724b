using System.Diagnostics.Metrics;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Services;
using AndyAI.Services.Caching;
using AndyAI.Services.Llm;
using AndyAI.Services.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AndyAI's LLM, response cache and rate limits.</summary>
public static class ServicesServiceCollectionExtensions
{
    /// <summary>The cache partition used by the host-wide <see cref="ILlmService"/> and <see cref="IResponseCache"/>.</summary>
    public const string HostPartition = "host";

    /// <summary>
    /// Binds <c>Llm</c>, <c>Cache</c> and <c>RateLimits</c>, validates them when the host starts, and registers
    /// <see cref="ILlmService"/>, <see cref="IResponseCache"/>, <see cref="IRateLimitService"/> (host-wide),
    /// <see cref="ICogServicesFactory"/> (one set per cog) and <see cref="IServicesStatistics"/>. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddAndyAIServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.SectionName)).ValidateOnStart();
        services.AddOptions<CacheOptions>().Bind(configuration.GetSection(CacheOptions.SectionName)).ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CacheOptions>, CacheOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LlmBackend>();
        services.TryAddSingleton<ResponseCacheStore>();
        services.TryAddSingleton<RateLimitService>();
        services.TryAddSingleton(sp => new ResponseCachePartition(sp.GetRequiredService<ResponseCacheStore>(), HostPartition));
        services.TryAddSingleton<IResponseCache>(sp => sp.GetRequiredService<ResponseCachePartition>());
        services.TryAddSingleton<ILlmService>(sp => new LlmService(sp.GetRequiredService<LlmBackend>(), sp.GetRequiredService<ResponseCachePartition>()));
        services.TryAddSingleton<IRateLimitService>(sp => sp.GetRequiredService<RateLimitService>());
        services.TryAddSingleton<ICogServicesFactory, CogServicesFactory>();
        services.TryAddSingleton<IServicesStatistics>(sp =>
        {
            RateLimitService rateLimits = sp.GetRequiredService<RateLimitService>();
            var reader = new ServicesStatisticsReader(sp.GetRequiredService<LlmBackend>(), sp.GetRequiredService<ResponseCacheStore>(), rateLimits);
            if (sp.GetService<IMeterFactory>() is { } meters)
            {
                ServicesMetrics.Register(meters, reader, () => (rateLimits.PerUserLimiter.Allowed, rateLimits.PerUserLimiter.Denied,
                    rateLimits.PerGuildLimiter.Allowed, rateLimits.PerGuildLimiter.Denied));
            }

            return reader;
        });
        return services;
    }
}
