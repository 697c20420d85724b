using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Cogs.Utility;
using AndyAI.Commands;
using AndyAI.Utility.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Utility.Tests;

/// <summary>The cog behind the real command framework, wired the way the host wires a cog instance.</summary>
public class UtilityCogWithFrameworkTests
{
    private static int s_nextMessageId = 1000;

    private static DiscordMessage Text(string content, ulong user = 10) => new()
    {
        Id = (ulong)Interlocked.Increment(ref s_nextMessageId),
        ChannelId = 2,
        GuildId = 3,
        Author = new DiscordUser(user, "user", IsBot: false),
        Content = content,
    };

    private static async Task<(ServiceProvider Provider, FakeCogContext Context, ICommandCatalog Catalog, IHostedService Dispatcher)> StartAsync()
    {
        var context = TestContexts.Create("""{ "cooldownSeconds": 60 }""");
        IConfiguration configuration = new ConfigurationBuilder().Build();
        ServiceProvider provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IDiscordBot>(context.Bot)
            .AddSingleton<TimeProvider>(context.Clock)
            .AddAndyAICommands(configuration)
            .BuildServiceProvider();
        var catalog = provider.GetRequiredService<ICommandCatalog>();
        context.Commands = new CatalogRegistry(catalog);
        IHostedService dispatcher = provider.GetServices<IHostedService>().Single();
        await dispatcher.StartAsync(CancellationToken.None);
        await new UtilityCog().StartAsync(context, CancellationToken.None);
        return (provider, context, catalog, dispatcher);
    }

    private static async Task<List<string>> SendAsync(FakeCogContext context, IHostedService dispatcher, int expectedReplies, params DiscordMessage[] messages)
    {
        foreach (DiscordMessage message in messages)
        {
            await context.Bot.DeliverAsync(message);
        }

        // Stopping cancels commands that have not replied yet (their send sees the cancelled token), so wait for the
        // replies first; a command runs as its own task after delivery returns.
        await Poll.UntilAsync(() => context.Bot.Sent.Count >= expectedReplies, $"{expectedReplies} replies");
        await dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)); // waits for running commands
        return [.. context.Bot.Sent.Select(sent => sent.Content)];
    }

    [Test]
    public async Task Ping_ThroughTheFramework_RepliesToTheInvokingMessage()
    {
        (ServiceProvider provider, FakeCogContext context, _, IHostedService dispatcher) = await StartAsync();
        await using ServiceProvider owned = provider;
        DiscordMessage ping = Text("!ping");

        List<string> replies = await SendAsync(context, dispatcher, 1, ping);

        Assert.That(replies, Is.EqualTo(new[] { "Pong! Gateway heartbeat: not measured yet · REST round trip: 87 ms" }));
        Assert.That(context.Bot.Sent[0].ReplyToMessageId, Is.EqualTo(ping.Id));
    }

    [Test]
    public async Task Help_ListsTheUtilityCommandsWithTheirCooldown()
    {
        (ServiceProvider provider, FakeCogContext context, _, IHostedService dispatcher) = await StartAsync();
        await using ServiceProvider owned = provider;

        List<string> replies = await SendAsync(context, dispatcher, 1, Text("!help"));

        Assert.That(replies.Single(), Does.Contain("**Utility**\n`!ping` — Shows the gateway heartbeat latency and a REST round trip.\n`!stats`"));
    }

    [Test]
    public async Task Stats_Twice_SecondIsOnCooldownFromSettings()
    {
        (ServiceProvider provider, FakeCogContext context, _, IHostedService dispatcher) = await StartAsync();
        await using ServiceProvider owned = provider;

        List<string> replies = await SendAsync(context, dispatcher, 2, Text("!stats"), Text("!stats"));

        Assert.That(replies.Count(reply => reply.StartsWith("**Stats**", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(replies, Has.One.StartsWith("`!stats` is cooling down"));
    }

    [Test]
    public async Task Unload_CommandsDisappear()
    {
        (ServiceProvider provider, FakeCogContext context, ICommandCatalog catalog, IHostedService dispatcher) = await StartAsync();
        await using ServiceProvider owned = provider;

        catalog.RemoveOwner("Utility");
        List<string> replies = await SendAsync(context, dispatcher, 0, Text("!ping"));

        Assert.That(replies, Is.Empty);
        Assert.That(provider.GetRequiredService<ICommandCatalog>().IsCommandInvocation(Text("!uptime")), Is.False);
    }

    // The cog's commands straight into the catalog under its name; staging across reloads is the host's (tested there).
    private sealed class CatalogRegistry(ICommandCatalog catalog) : ICommandRegistry
    {
        public string Prefix => catalog.Prefix;

        public void Add(CommandDefinition command) => catalog.Add("Utility", command);

        public bool IsCommandInvocation(DiscordMessage message) => catalog.IsCommandInvocation(message);
    }
}
