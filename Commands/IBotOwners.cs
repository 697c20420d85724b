namespace AndyAI.Commands;

/// <summary>
/// Decides who the bot's owners are, for owner-only commands and <see cref="Abstractions.Commands.ICommandContext.CallerIsOwner"/>.
/// The host's implementation combines the application's owner or team members with <see cref="CommandsOptions.AdminUserIds"/>.
/// </summary>
public interface IBotOwners
{
    /// <summary>Whether <paramref name="userId"/> is an owner. Called once per command invocation: keep it cheap (cache).</summary>
    ValueTask<bool> IsOwnerAsync(ulong userId, CancellationToken cancellationToken);
}
