using AndyAI.Host.Interactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Tests.Interactions;

public class InteractionsOptionsTests
{
    private static InteractionsOptions Bind(params (string Key, string Value)[] settings)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        using ServiceProvider services = new ServiceCollection().AddAndyAIInteractions(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<InteractionsOptions>>().Value;
    }

    [Test]
    public void Ctor_EnsureDefaultValues()
    {
        var options = new InteractionsOptions();

        Assert.That(options.GuildIds, Is.Empty);
        Assert.That(options.AutoDeferAfter, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(options.SyncDelay, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(options.SyncMaxRetryDelay, Is.EqualTo(TimeSpan.FromMinutes(5)));
    }

    [Test]
    public void AddAndyAIInteractions_BindsGuildIds()
    {
        InteractionsOptions options = Bind(("Interactions:GuildIds:0", "111"), ("Interactions:GuildIds:1", "222"), ("Interactions:SyncDelay", "00:00:03"));

        Assert.That(options.GuildIds, Is.EqualTo(new ulong[] { 111, 222 }));
        Assert.That(options.SyncDelay, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [TestCase("Interactions:AutoDeferAfter", "00:00:03")]
    [TestCase("Interactions:SyncDelay", "00:05:00")]
    [TestCase("Interactions:SyncMaxRetryDelay", "00:00:00")]
    public void OutOfRange_FailsValidationNamingTheKey(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind((key, value)));

        Assert.That(error!.Message, Does.Contain(key.Split(':')[1]));
    }
}
