using AndyAI.Abstractions.Memory;
using AndyAI.Storage;
using AndyAI.Storage.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AndyAI's database: conversation memory, cog storage and the service that opens and tends it.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Storage</c> (validated at start) and registers the database (PostgreSQL when
    /// <see cref="StorageOptions.DatabaseUrl"/> is set, else SQLite in <see cref="StorageOptions.SqlitePath"/>),
    /// <see cref="IConversationMemory"/>, <see cref="CogStorageProvider"/> and the hosted service that opens it. Register
    /// it before anything that uses the database, so it starts first and stops last. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddAndyAIStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Database>(sp => CreateDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton<DatabaseAccess>();
        services.TryAddSingleton<ConversationMemory>();
        services.TryAddSingleton<IConversationMemory>(sp => sp.GetRequiredService<ConversationMemory>());
        services.TryAddSingleton(sp => new CogStorageProvider(sp.GetRequiredService<DatabaseAccess>()));
        services.TryAddSingleton<AndyAI.Storage.Accounts.Accounts>();
        services.TryAddSingleton<StorageService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageService>(sp => sp.GetRequiredService<StorageService>()));
        return services;
    }

    private static Database CreateDatabase(StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            return new PostgresDatabase(DatabaseUrl.Parse(options.DatabaseUrl));
        }

        if (string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            throw new InvalidOperationException($"{StorageOptions.SectionName}:SqlitePath is not set and no DATABASE_URL is given.");
        }

        return new SqliteDatabase(options.SqlitePath, options.BusyTimeout);
    }
}
