using Microsoft.Extensions.Options;

namespace AndyAI.Cluster.Tests;

public sealed class ClusterOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(ClusterOptions options) => new ClusterOptionsValidator().Validate(null, options);

    [Test]
    public void Ctor_EnsureDefaultValues()
    {
        var options = new ClusterOptions();

        Assert.That(options.IsEnabled, Is.False);
        Assert.That(options.LeaseTtl, Is.EqualTo(TimeSpan.FromSeconds(15)));
        Assert.That(options.KeyPrefix, Is.EqualTo("andyai:"));
        Assert.That(options.ResolvedInstanceName, Is.EqualTo($"{Environment.MachineName}-{Environment.ProcessId}"));
        Assert.That(Validate(options).Succeeded, Is.True);
    }

    [Test]
    public void Validate_AnyWithoutRedis_Fails() =>
        Assert.That(Validate(new ClusterOptions { ShardIds = "any" }).FailureMessage, Does.Contain("needs REDIS_URL"));

    [Test]
    public void Validate_AnyWithRedis_Succeeds() =>
        Assert.That(Validate(new ClusterOptions { ShardIds = "any", RedisUrl = "127.0.0.1:6379" }).Succeeded, Is.True);

    [Test]
    public void Validate_RedisUrlWithoutServer_Fails() =>
        Assert.That(Validate(new ClusterOptions { RedisUrl = "password=hunter22" }).FailureMessage, Does.Contain("names no server").And.Not.Contain("hunter22"));

    [TestCase(",,,==", "'=='")]
    [TestCase("127.0.0.1:6379,red is:6379", "'red is'")]
    public void Validate_RedisUrlWithAServerThatIsNoHost_Fails(string url, string named) =>
        Assert.That(Validate(new ClusterOptions { RedisUrl = url }).FailureMessage, Does.Contain($"names the server {named}, which is not a host name or an IP address"));

    [TestCase("localhost")]
    [TestCase("redis.internal:6380,password=hunter22")]
    [TestCase("[::1]:6379")]
    [TestCase("10.0.0.5:6379,10.0.0.6:6379")]
    public void Validate_RedisUrlWithHostsOrAddresses_Succeeds(string url) =>
        Assert.That(Validate(new ClusterOptions { RedisUrl = url }).Succeeded, Is.True);

    [Test]
    public void Validate_CacheLockTtlOrWaitLimitOutOfRange_Fails()
    {
        Assert.That(Validate(new ClusterOptions { CacheLockTtl = TimeSpan.FromMilliseconds(10) }).FailureMessage, Does.Contain("Cluster:CacheLockTtl"));
        Assert.That(Validate(new ClusterOptions { CacheWaitLimit = TimeSpan.FromSeconds(-1) }).FailureMessage, Does.Contain("Cluster:CacheWaitLimit"));
        Assert.That(new ClusterOptions().CacheLockTtl, Is.EqualTo(TimeSpan.FromSeconds(15)));
        Assert.That(new ClusterOptions().CacheWaitLimit, Is.EqualTo(TimeSpan.FromMinutes(2)));
    }

    [Test]
    public void Validate_LeaseTtlOutOfRange_Fails() =>
        Assert.That(Validate(new ClusterOptions { LeaseTtl = TimeSpan.FromMilliseconds(10) }).FailureMessage, Does.Contain("LeaseTtl"));

    [Test]
    public void Validate_BlankInstanceName_Fails() =>
        Assert.That(Validate(new ClusterOptions { InstanceName = "  " }).FailureMessage, Does.Contain("INSTANCE_NAME"));
}
