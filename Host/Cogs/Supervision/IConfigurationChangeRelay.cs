namespace AndyAI.Host.Cogs.Supervision;

/// <summary>
/// Told when this process applied an edited plugins.json, so the bot's other processes re-read theirs too
/// (Host/Admin's <c>ClusterAdmin</c>, with REDIS_URL): a file on shared storage changes for every process, but only
/// some of them may see a file-system event for it.
/// </summary>
internal interface IConfigurationChangeRelay
{
    Task RelayAsync(CancellationToken cancellationToken);
}
