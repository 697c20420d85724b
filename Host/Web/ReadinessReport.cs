namespace AndyAI.Host.Web;

/// <summary>The JSON body of <c>/readyz</c>.</summary>
internal sealed record ReadinessReport(string Status, IReadOnlyList<string> NotReady, IReadOnlyList<ReadinessShard> Shards, IReadOnlyList<ReadinessCog> Cogs)
{
    public bool IsReady => NotReady.Count == 0;

    /// <summary>With <c>REDIS_URL</c>: this process's name and its link to Redis; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ReadinessCluster? Cluster { get; init; }
}
