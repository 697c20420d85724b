using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AndyAI.Cluster;

/// <summary>Checks the cluster settings at start, naming the environment variable at fault.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            _ = ShardPlan.Parse(options.ShardCount, options.ShardIds, options.IsEnabled);
        }
        catch (FormatException ex)
        {
            failures.Add(ex.Message);
        }

        if (options.IsEnabled)
        {
            try
            {
                ConfigurationOptions redis = ConfigurationOptions.Parse(options.RedisUrl!);
                if (redis.EndPoints.Count == 0) failures.Add("REDIS_URL names no server; expected host:port (for example 127.0.0.1:6379).");
                // The parser takes any word for a host (",,,==" is a server named "=="): a typo would only show up
                // as "unreachable" later, with the process working alone.
                foreach (string host in redis.EndPoints.Select(HostOf).Where(h => Uri.CheckHostName(h) == UriHostNameType.Unknown))
                {
                    failures.Add($"REDIS_URL names the server '{host}', which is not a host name or an IP address; expected host:port (for example 127.0.0.1:6379).");
                }
            }
            catch (ArgumentException ex)
            {
                // The message names the bad option, never the whole string (it may hold a password).
                failures.Add("REDIS_URL is not a Redis configuration string: " + ex.Message);
            }
        }

        if (options.InstanceName is { } instance && (instance.Trim().Length is 0 or > 100 || instance.Any(char.IsControl)))
        {
            failures.Add("INSTANCE_NAME must be 1 to 100 printable characters.");
        }

        if (options.LeaseTtl < TimeSpan.FromSeconds(1) || options.LeaseTtl > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Cluster:LeaseTtl must be between 1 second and 5 minutes (got {options.LeaseTtl}).");
        }

        if (options.AdminReplyTimeout < TimeSpan.FromMilliseconds(100) || options.AdminReplyTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"Cluster:AdminReplyTimeout must be between 100 ms and 2 minutes (got {options.AdminReplyTimeout}).");
        }

        if (options.CacheLockTtl < TimeSpan.FromMilliseconds(300) || options.CacheLockTtl > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Cluster:CacheLockTtl must be between 300 ms and 5 minutes (got {options.CacheLockTtl}).");
        }

        if (options.CacheWaitLimit < TimeSpan.Zero || options.CacheWaitLimit > TimeSpan.FromMinutes(30))
        {
            failures.Add($"Cluster:CacheWaitLimit must be between 0 and 30 minutes (got {options.CacheWaitLimit}).");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Any(char.IsWhiteSpace))
        {
            failures.Add("Cluster:KeyPrefix must be non-empty and without spaces.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string HostOf(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => dns.Host,
        System.Net.IPEndPoint ip => ip.Address.ToString(),
        _ => endPoint.ToString() ?? "",
    };
}
