using AndyAI.Abstractions.Discord;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // extension methods live in the namespace of what they extend, as Microsoft.Extensions does
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the command framework.</summary>
public static class CommandsServiceCollectionExtensions
{
    /// <summary>
    /// Binds the <c>Commands</c> section (validated at start), and registers <see cref="AndyAI.Commands.ICommandCatalog"/>
    /// (with the built-in <c>!help</c>) and the hosted dispatcher that runs commands. Needs an <see cref="IDiscordBot"/>
    /// (the host-level one) and optionally an <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (commands by name and outcome, meter AndyAI.Commands). Register your own
    /// <see cref="AndyAI.Commands.IBotOwners"/> first; otherwise only <c>Commands:AdminUserIds</c> are owners.
    /// Safe to call twice.
    /// </summary>
    public static IServiceCollection AddAndyAICommands(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(AndyAI.Commands.CommandCatalog)))
        {
            return services;
        }

        services.AddOptions<AndyAI.Commands.CommandsOptions>()
            .Bind(configuration.GetSection(AndyAI.Commands.CommandsOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AndyAI.Commands.CommandsOptions>, AndyAI.Commands.CommandsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AndyAI.Commands.IBotOwners, AndyAI.Commands.ConfiguredBotOwners>();
        services.TryAddSingleton(provider => new AndyAI.Commands.CommandCatalog(
            provider.GetRequiredService<IOptions<AndyAI.Commands.CommandsOptions>>().Value,
            provider.GetRequiredService<IDiscordBot>(),
            provider.GetService<AndyAI.Commands.ICogGuildSwitch>()));
        services.TryAddSingleton<AndyAI.Commands.ICommandCatalog>(provider => provider.GetRequiredService<AndyAI.Commands.CommandCatalog>());
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<AndyAI.Commands.CommandDispatcher>(
            provider, provider.GetRequiredService<IOptions<AndyAI.Commands.CommandsOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AndyAI.Commands.CommandDispatcher>(
            provider => provider.GetRequiredService<AndyAI.Commands.CommandDispatcher>()));
        return services;
    }
}
