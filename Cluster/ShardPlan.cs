using System.Globalization;

namespace AndyAI.Cluster;

/// <summary>
/// <c>SHARD_COUNT</c> and <c>SHARD_IDS</c>, read: the total count (0 = Discord's recommendation) and which shards this
/// process runs (explicit ids, all of them, or any free ones).
/// </summary>
/// <param name="ShardCount">The total, or 0 for <c>auto</c>.</param>
/// <param name="Ids">Explicit ids in ascending order, or <see langword="null"/> for all (or any) shards.</param>
/// <param name="Any">Whether the process takes free shards (a fair share of them) rather than fixed ones.</param>
internal sealed record ShardPlan(int ShardCount, IReadOnlyList<int>? Ids, bool Any)
{
    /// <summary>Discord's limit on shard ids, far above any real bot.</summary>
    public const int MaxShardCount = 65535;

    /// <summary>Reads the two settings; <paramref name="clustered"/> (Redis configured) makes <c>any</c> the default and allows it.</summary>
    /// <exception cref="FormatException">A value that is not a count, an id list, <c>all</c> or <c>any</c>; ids outside the count; <c>any</c> without Redis.</exception>
    public static ShardPlan Parse(string? shardCount, string? shardIds, bool clustered)
    {
        int count = ParseCount(shardCount);
        string ids = string.IsNullOrWhiteSpace(shardIds) ? (clustered ? "any" : "all") : shardIds.Trim();
        if (ids.Equals("all", StringComparison.OrdinalIgnoreCase)) return new ShardPlan(count, null, false);
        if (ids.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            if (!clustered) throw new FormatException("SHARD_IDS=any takes free shards from other processes and needs REDIS_URL; without it, name the shards (0,2 or 0-3) or leave it unset for all.");
            return new ShardPlan(count, null, true);
        }

        var list = new SortedSet<int>();
        foreach (string part in ids.Split(',', StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                int from = ParseId(part[..dash].Trim(), ids);
                int to = ParseId(part[(dash + 1)..].Trim(), ids);
                if (to < from) throw new FormatException($"SHARD_IDS '{ids}': the range '{part}' runs backwards.");
                for (int id = from; id <= to; id++) list.Add(id);
            }
            else
            {
                list.Add(ParseId(part, ids));
            }
        }

        if (count > 0 && list.Max >= count)
        {
            throw new FormatException($"SHARD_IDS '{ids}' names shard {list.Max}, but SHARD_COUNT is {count} (ids run from 0 to {count - 1}).");
        }

        return new ShardPlan(count, [.. list], false);
    }

    private static int ParseCount(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return 0;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count is >= 1 and <= MaxShardCount) return count;
        throw new FormatException($"SHARD_COUNT '{value}' is not a shard count: expected a number from 1 to {MaxShardCount}, or auto (Discord's recommendation).");
    }

    private static int ParseId(string value, string whole)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id < MaxShardCount) return id;
        throw new FormatException($"SHARD_IDS '{whole}': '{value}' is not a shard id; expected ids and ranges such as 0,2 or 0-3, all, or any.");
    }

    /// <summary>For logs and reports: <c>0,2,3</c>, <c>all</c> or <c>any</c>.</summary>
    public string DescribeIds() => Any ? "any" : Ids is null ? "all" : string.Join(',', Ids);
}
