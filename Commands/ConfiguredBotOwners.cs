using Microsoft.Extensions.Options;

namespace AndyAI.Commands;

/// <summary>
/// The fallback <see cref="IBotOwners"/>: only <see cref="CommandsOptions.AdminUserIds"/>. The host registers its own
/// (which adds the application's owner or team) before calling <c>AddAndyAICommands</c>.
/// </summary>
internal sealed class ConfiguredBotOwners(IOptions<CommandsOptions> options) : IBotOwners
{
    private readonly IReadOnlySet<ulong> _ids = options.Value.ParseAdminUserIds();

    public ValueTask<bool> IsOwnerAsync(ulong userId, CancellationToken cancellationToken) => new(_ids.Contains(userId));
}
