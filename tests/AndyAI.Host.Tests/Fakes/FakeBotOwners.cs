using AndyAI.Commands;

namespace AndyAI.Host.Tests.Fakes;

internal sealed class FakeBotOwners(params ulong[] owners) : IBotOwners
{
    public ValueTask<bool> IsOwnerAsync(ulong userId, CancellationToken cancellationToken) => ValueTask.FromResult(owners.Contains(userId));
}
