namespace AndyAI.Commands.Tests.Fakes;

internal sealed class FakeBotOwners(params ulong[] owners) : IBotOwners
{
    public HashSet<ulong> Owners { get; } = [.. owners];

    public Exception? Failure { get; set; }

    public int Calls { get; private set; }

    public ValueTask<bool> IsOwnerAsync(ulong userId, CancellationToken cancellationToken)
    {
        Calls++;
        return Failure is null ? new(Owners.Contains(userId)) : ValueTask.FromException<bool>(Failure);
    }
}
