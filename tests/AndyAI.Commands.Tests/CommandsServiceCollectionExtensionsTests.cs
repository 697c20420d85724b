using AndyAI.Abstractions.Discord;
using AndyAI.Commands.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AndyAI.Commands.Tests;

public class CommandsServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IDiscordBot>(new FakeDiscordBot { CurrentUser = Messages.Bot });
        before?.Invoke(services);
        services.AddAndyAICommands(configuration);
        services.AddAndyAICommands(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Test]
    public void Ctor_EnsureDefaultValues()
    {
        var options = new CommandsOptions();

        Assert.That(options.Prefix, Is.EqualTo("!"));
        Assert.That(options.AdminUserIds, Is.Empty);
        Assert.That(options.HintUnknownCommandOnMention, Is.True);
    }

    [Test]
    public async Task AddAndyAICommands_BindsSectionAndOwnersFromAdminUserIds()
    {
        await using ServiceProvider provider = Build(new() { ["Commands:Prefix"] = "?", ["Commands:AdminUserIds"] = " 11, 12 ,," });

        ICommandCatalog catalog = provider.GetRequiredService<ICommandCatalog>();
        IBotOwners owners = provider.GetRequiredService<IBotOwners>();

        Assert.That(catalog.Prefix, Is.EqualTo("?"));
        Assert.That(await owners.IsOwnerAsync(12, CancellationToken.None), Is.True);
        Assert.That(await owners.IsOwnerAsync(13, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task AddAndyAICommands_CalledTwice_RegistersOneDispatcher()
    {
        await using ServiceProvider provider = Build([]);

        IHostedService[] hosted = [.. provider.GetServices<IHostedService>()];

        Assert.That(hosted, Has.Length.EqualTo(1));
        Assert.That(hosted[0], Is.SameAs(provider.GetRequiredService<CommandDispatcher>()));
        Assert.That(provider.GetRequiredService<ICommandCatalog>(), Is.SameAs(provider.GetRequiredService<CommandCatalog>()));
    }

    [Test]
    public async Task AddAndyAICommands_HostOwnersRegisteredFirst_AreKept()
    {
        var hostOwners = new FakeBotOwners(99);
        await using ServiceProvider provider = Build([], services => services.AddSingleton<IBotOwners>(hostOwners));

        Assert.That(provider.GetRequiredService<IBotOwners>(), Is.SameAs(hostOwners));
    }

    [Test]
    public async Task AddAndyAICommands_WithMeterFactoryInDI_DispatcherCountsCommandsByName()
    {
        using var statistics = new RecordingMeters();
        await using ServiceProvider provider = Build([], services => services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(statistics));
        var bot = (FakeDiscordBot)provider.GetRequiredService<IDiscordBot>();
        CommandDispatcher dispatcher = provider.GetRequiredService<CommandDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);

        await bot.DeliverAsync(Messages.Text("!help"));
        await Poll.UntilAsync(() => bot.Sent.Count == 1, "the help reply"); // stopping cancels a command that has not replied yet
        await dispatcher.StopAsync(CancellationToken.None);

        Assert.That(statistics.Counters, Does.ContainKey("commands.invoked").WithValue(1));
        Assert.That(statistics.ByCommand, Does.ContainKey(("commands.invoked", "help")).WithValue(1));
        Assert.That(bot.SentContents.Single(), Does.StartWith("**Commands**"));
    }

    [TestCase("Commands:MaxConcurrentCommands", "0", "1 to 1024")]
    [TestCase("Commands:Prefix", "", "1 to 16")]
    [TestCase("Commands:Prefix", "a b", "whitespace")]
    [TestCase("Commands:Prefix", "<x", "'<'")]
    [TestCase("Commands:AdminUserIds", "12,abc", "'abc'")]
    public async Task Options_Invalid_FailValidationNamingTheKey(string key, string value, string expected)
    {
        await using ServiceProvider provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<CommandsOptions>>().Value);

        Assert.That(error!.Message, Does.Contain(key.Split(':')[1]).And.Contain(expected));
    }
}
