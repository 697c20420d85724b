using System.Collections.Concurrent;

namespace AndyAI.Discord.Rest;

/// <summary>
/// Requests and 429 answers per route template (<c>POST /channels/{channel.id}/messages</c>): a handful of keys, so
/// the per-request cost is one dictionary read and one interlocked add.
/// </summary>
internal sealed class RestRouteCounters
{
    private readonly ConcurrentDictionary<string, Counts> _routes = new(StringComparer.Ordinal);

    public void Count(string route, int status)
    {
        Counts counts = _routes.GetOrAdd(route, static _ => new Counts());
        Interlocked.Increment(ref counts.Requests);
        if (status == 429)
        {
            Interlocked.Increment(ref counts.RateLimited);
        }
    }

    public IEnumerable<(string Route, long Requests, long RateLimited)> Snapshot() =>
        _routes.Select(r => (r.Key, Interlocked.Read(ref r.Value.Requests), Interlocked.Read(ref r.Value.RateLimited)));

    private sealed class Counts
    {
        public long Requests;
        public long RateLimited;
    }
}
