using AndyAI.Discord.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Interactions;

internal static class InteractionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates section <c>Interactions</c>, and registers the <see cref="InteractionTable"/>, the client
    /// over the host's <see cref="DiscordBot"/> and the hosted <see cref="InteractionRouter"/>. The command sync
    /// (<see cref="InteractionCommandSync"/>) is registered by the caller after the cog supervisor. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddAndyAIInteractions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InteractionsOptions>().Bind(configuration.GetSection(InteractionsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InteractionsOptions>, InteractionsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InteractionTable>();
        services.TryAddSingleton<IInteractionClient>(sp => new DiscordBotInteractionClient(sp.GetRequiredService<DiscordBot>()));
        services.TryAddSingleton<InteractionRouter>(); // also reached by the HTTP interactions endpoint
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InteractionRouter>(sp => sp.GetRequiredService<InteractionRouter>()));
        services.TryAddSingleton(sp => InteractionSignature.FromOptions(sp.GetRequiredService<IOptions<InteractionsOptions>>().Value));
        return services;
    }
}
