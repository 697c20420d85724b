using System.Collections.Concurrent;
using AndyAI.Abstractions.Discord;
using AndyAI.Cluster.Shards;
using AndyAI.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Hosting;
using AndyAI.Emulator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AndyAI.Cluster.Tests;

/// <summary>Two bot processes (two DiscordBots, each with its own Redis connection) sharing 4 shards of one emulator.</summary>
public sealed class ShardLeaseTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private const int Shards = 4;

    private RedisServer _redis = null!;
    private DiscordEmulator _emulator = null!;
    private readonly List<Process> _processes = [];

    [SetUp]
    public async Task SetUp()
    {
        _redis = await RedisServer.StartAsync();
        // One identify bucket per shard, so four shards need not wait 5 s each.
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { MaxConcurrency = Shards, RecommendedShards = Shards });
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (Process p in _processes) await p.DisposeAsync();
        await _emulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Test]
    public async Task Any_TwoProcesses_ShareTheShardsWithoutOverlap()
    {
        Process a = await StartAsync("a", "any");
        Process b = await StartAsync("b", "any");

        await WaitUntilAsync(() => a.ShardIds.Count + b.ShardIds.Count == Shards && a.Bot.IsReady && b.Bot.IsReady);

        Assert.That(a.ShardIds.Intersect(b.ShardIds), Is.Empty);
        Assert.That(a.ShardIds, Has.Count.EqualTo(2), "a fair share: 4 shards ÷ 2 processes");
    }

    [Test]
    public async Task Any_AShardNobodyElseTakes_IsTakenBeyondTheFairShare()
    {
        Process a = await StartAsync("a", "0");
        await WaitUntilAsync(() => a.ShardIds.Count == 1);
        Process b = await StartAsync("b", "any");

        await WaitUntilAsync(() => b.ShardIds.Count == 3 && b.Bot.IsReady);

        Assert.That(b.ShardIds, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(a.ShardIds, Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public async Task KilledProcess_ItsShardsResumeElsewhere_AndAMessageSentMeanwhileArrives()
    {
        Process a = await StartAsync("a", "0-1");
        await WaitUntilAsync(() => a.ShardIds.Count == 2);
        Process b = await StartAsync("b", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == 2 && b.ShardIds.Count == 2 && a.Bot.IsReady && b.Bot.IsReady);
        (ulong guild, ulong channel) = await CreateGuildOnShardAsync(a.ShardIds[0]);
        ulong user = _emulator.AliceUserId;
        _emulator.AddMember(guild, user);
        await _emulator.PostMessageAsync(user, channel, $"<@{_emulator.BotUserId}> before");
        await WaitUntilAsync(() => a.Received.Any(m => m.Content.EndsWith("before", StringComparison.Ordinal)));
        long resumesBefore = b.Bot.GetStatus().Resumes;

        a.Kill();
        await _emulator.PostMessageAsync(user, channel, $"<@{_emulator.BotUserId}> while dead");

        await WaitUntilAsync(() => b.ShardIds.Count == Shards && b.Bot.IsReady);
        await WaitUntilAsync(() => b.Received.Any(m => m.Content.EndsWith("while dead", StringComparison.Ordinal)));
        Assert.That(b.Bot.ApplicationId, Is.EqualTo(_emulator.ApplicationId), "known for interaction follow-ups");
        Assert.That(b.Bot.GetStatus().Resumes, Is.GreaterThanOrEqualTo(resumesBefore + 2), "both shards were resumed, not identified afresh");
        Assert.That(b.Received.Count(m => m.Content.EndsWith("before", StringComparison.Ordinal)), Is.Zero, "the event handled before the kill is not replayed");
    }

    [Test]
    public async Task Standby_TakesOverByResumeAlone_KnowsWhoTheBotIs()
    {
        Process a = await StartAsync("a", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == Shards && a.Bot.IsReady);
        Process standby = await StartAsync("standby", "any");
        (ulong guild, ulong channel) = await CreateGuildOnShardAsync(0);
        _emulator.AddMember(guild, _emulator.AliceUserId);

        a.Kill();
        await _emulator.PostMessageAsync(_emulator.AliceUserId, channel, $"<@{_emulator.BotUserId}> anyone there");

        await WaitUntilAsync(() => standby.Received.Any(m => m.Content.EndsWith("anyone there", StringComparison.Ordinal)));
        Assert.That(standby.Bot.GetStatus().Identifies, Is.Zero, "every shard was resumed");
        Assert.That(standby.Bot.CurrentUser?.Id, Is.EqualTo(_emulator.BotUserId));
        Assert.That(standby.Bot.ApplicationId, Is.EqualTo(_emulator.ApplicationId));
    }

    [Test]
    public async Task Standby_TakesOverByResume_RecognisesAMentionOfTheBotsRoleAtOnce()
    {
        Process a = await StartAsync("a", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == Shards && a.Bot.IsReady);
        (ulong guild, ulong channel) = await CreateGuildOnShardAsync(0);
        ulong role = _emulator.GetBotRoleId(guild);
        _emulator.AddMember(guild, _emulator.AliceUserId);
        await using (ConnectionMultiplexer look = await ConnectionMultiplexer.ConnectAsync(_redis.Url))
        {
            // A heard the guild's GUILD_CREATE and kept the bot's role with shard 0's session.
            IDatabase db = look.GetDatabase();
            using var timeout = new CancellationTokenSource(Guard);
            while (await db.HashGetAsync($"andyai:shard:{Shards}:0:roles", guild) != role) await Task.Delay(50, timeout.Token);
            // A message handled after it moves the stored sequence past GUILD_CREATE: the resume below replays only
            // what came later, as after a long-running shard (no GUILD_CREATE teaches the standby the role).
            long before = (long)await db.HashGetAsync($"andyai:shard:{Shards}:0:session", "seq");
            await _emulator.PostMessageAsync(_emulator.AliceUserId, channel, $"<@{_emulator.BotUserId}> handled by a");
            await WaitUntilAsync(() => a.Received.Any(m => m.Content.EndsWith("handled by a", StringComparison.Ordinal)));
            while ((long)await db.HashGetAsync($"andyai:shard:{Shards}:0:session", "seq") <= before) await Task.Delay(50, timeout.Token);
        }

        Process standby = await StartAsync("standby", "any");
        a.Kill();
        // A mention of the role only (mentions: []), in the shard the standby resumes without any GUILD_CREATE.
        await _emulator.PostMessageAsync(_emulator.AliceUserId, channel, $"<@&{role}> do you hear the role");

        await WaitUntilAsync(() => standby.Received.Any(m => m.Content.EndsWith("do you hear the role", StringComparison.Ordinal)));
        Assert.That(standby.Bot.GetStatus().Identifies, Is.Zero, "every shard was resumed");
        Assert.That(standby.Received.Single(m => m.Content.EndsWith("do you hear the role", StringComparison.Ordinal)).BotRoleId, Is.EqualTo(role));
    }

    [Test]
    public async Task Standby_TakesOverByResume_KnowsTheShardsGuilds_ChannelsRolesAndThreads()
    {
        Process a = await StartAsync("a", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == Shards && a.Bot.IsReady);
        (ulong guild, ulong channel) = await CreateGuildOnShardAsync(0);
        ulong role = _emulator.CreateRole(guild, "Members");
        ulong thread = _emulator.CreateThread(channel, "talk");
        _emulator.AddMember(guild, _emulator.AliceUserId);
        await WaitUntilAsync(() => a.Bot.IsGuildRole(guild, role) == true && a.Bot.IsGuildChannel(guild, thread) == true);
        int guilds = a.Bot.GetStatus().Guilds;
        await using (ConnectionMultiplexer look = await ConnectionMultiplexer.ConnectAsync(_redis.Url))
        {
            // A message handled after GUILD_CREATE, CHANNEL_CREATE, GUILD_ROLE_CREATE and THREAD_CREATE moves the stored
            // sequence past them: the resume below replays none of them, as after a long-running shard.
            IDatabase db = look.GetDatabase();
            using var timeout = new CancellationTokenSource(Guard);
            long before = (long)await db.HashGetAsync($"andyai:shard:{Shards}:0:session", "seq");
            await _emulator.PostMessageAsync(_emulator.AliceUserId, channel, $"<@{_emulator.BotUserId}> handled by a");
            await WaitUntilAsync(() => a.Received.Any(m => m.Content.EndsWith("handled by a", StringComparison.Ordinal)));
            while ((long)await db.HashGetAsync($"andyai:shard:{Shards}:0:session", "seq") <= before) await Task.Delay(50, timeout.Token);
        }

        Process standby = await StartAsync("standby", "any");
        a.Kill();
        await _emulator.PostMessageAsync(_emulator.AliceUserId, thread, $"<@{_emulator.BotUserId}> in the thread");

        await WaitUntilAsync(() => standby.Received.Any(m => m.Content.EndsWith("in the thread", StringComparison.Ordinal)));
        Assert.That(standby.Bot.GetStatus().Identifies, Is.Zero, "every shard was resumed");
        Assert.That(standby.Bot.GetStatus().Guilds, Is.EqualTo(guilds), "every guild of the shards it took over counts here");
        Assert.That(standby.Bot.IsGuildChannel(guild, channel), Is.True, "settings can check the guild's channels");
        Assert.That(standby.Bot.IsGuildChannel(guild, thread), Is.True);
        Assert.That(standby.Bot.IsGuildRole(guild, role), Is.True, "and its roles");
        Assert.That(standby.Bot.GetMemberPermissions(guild, _emulator.OwnerUserId, []), Is.EqualTo(ulong.MaxValue), "the guild's owner is known for permission checks");
        Assert.That(standby.Received.Single(m => m.Content.EndsWith("in the thread", StringComparison.Ordinal)).ParentChannelId, Is.EqualTo(channel),
            "a message in a thread is known as one, with its parent channel");
    }

    [Test]
    public async Task LostLease_TheShardsGuildsNoLongerCountHere()
    {
        Process a = await StartAsync("a", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == Shards && a.Bot.IsReady);
        (ulong guild, ulong channel) = await CreateGuildOnShardAsync(0);
        await WaitUntilAsync(() => a.Bot.IsGuildChannel(guild, channel) == true);
        int guilds = a.Bot.GetStatus().Guilds;

        // Another process holds shard 0 now (as after this one lost Redis for longer than the lease).
        await using (ConnectionMultiplexer look = await ConnectionMultiplexer.ConnectAsync(_redis.Url))
        {
            await look.GetDatabase().StringSetAsync($"andyai:shard:{Shards}:0:lease", "other/1", TimeSpan.FromMinutes(1));
        }

        await WaitUntilAsync(() => !a.ShardIds.Contains(0));
        Assert.That(a.Bot.GetStatus().Guilds, Is.LessThan(guilds), "shard 0's guilds count in the process that holds it, not twice");
        Assert.That(a.Bot.IsGuildChannel(guild, channel), Is.Null, "nor are they checked against what this process saw last");
    }

    [Test]
    public async Task RedisBackWithoutItsData_TheOwnerStoresItsManagedRolesAndGuildsAgain()
    {
        Process a = await StartAsync("a", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == Shards && a.Bot.IsReady);
        (ulong guild, _) = await CreateGuildOnShardAsync(1);
        ulong role = _emulator.GetBotRoleId(guild);
        string key = $"andyai:shard:{Shards}:1:roles";
        await WaitForRoleAsync(key, guild, role);

        await WaitForGuildAsync($"andyai:shard:{Shards}:1:guilds", guild);

        await _redis.StopAsync();
        await _redis.StartAgainAsync();

        await WaitForRoleAsync(key, guild, role);
        await WaitForGuildAsync($"andyai:shard:{Shards}:1:guilds", guild);
    }

    private async Task WaitForGuildAsync(string key, ulong guild)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (true)
        {
            try
            {
                await using ConnectionMultiplexer look = await ConnectionMultiplexer.ConnectAsync(_redis.Url);
                if (await look.GetDatabase().HashGetAsync(key, guild) is { IsNullOrEmpty: false } stored
                    && GuildSnapshot.Parse(guild, stored.ToString()) is { Described: true, Channels.Count: > 0 })
                {
                    return;
                }
            }
            catch (RedisConnectionException)
            {
                // not up yet
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task WaitForRoleAsync(string key, ulong guild, ulong role)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (true)
        {
            try
            {
                await using ConnectionMultiplexer look = await ConnectionMultiplexer.ConnectAsync(_redis.Url);
                if (await look.GetDatabase().HashGetAsync(key, guild) == role) return;
            }
            catch (RedisConnectionException)
            {
                // not up yet
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    [Test]
    public async Task AnotherShardCount_IsRefused_AndRunsNoShard()
    {
        Process a = await StartAsync("a", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == Shards && a.Bot.IsReady);

        // Shard 0 of 2 covers half of the guilds that shards 0 and 2 of 4 cover: both would answer them.
        Process other = await StartAsync("other", "0", shardCount: 2);
        await WaitUntilAsync(() => other.Bot.FatalError is not null);

        Assert.That(other.Bot.FatalError, Does.Contain("SHARD_COUNT 2").And.Contain("4 shards"));
        Assert.That(other.ShardIds, Is.Empty);
        Assert.That(a.ShardIds, Has.Count.EqualTo(Shards));
    }

    [Test]
    public async Task ReturningOwner_DoesNotFightForItsShards()
    {
        Process a = await StartAsync("a", "0-1");
        await WaitUntilAsync(() => a.ShardIds.Count == 2);
        Process b = await StartAsync("b", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == 2 && b.ShardIds.Count == 2);
        a.Kill();
        await WaitUntilAsync(() => b.ShardIds.Count == Shards && b.Bot.IsReady);

        Process again = await StartAsync("a2", "0-1");
        await Task.Delay(_options.LeaseTtl * 2);

        Assert.That(again.ShardIds, Is.Empty);
        Assert.That(b.ShardIds, Has.Count.EqualTo(Shards));
    }

    [Test]
    public async Task CleanStop_ReleasesTheLeases_SoAnotherProcessResumesAtOnce()
    {
        Process a = await StartAsync("a", "0-1");
        await WaitUntilAsync(() => a.ShardIds.Count == 2);
        Process b = await StartAsync("b", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == 2 && b.ShardIds.Count == 2 && a.Bot.IsReady);

        await a.Bot.StopAsync();

        await WaitUntilAsync(() => b.ShardIds.Count == Shards && b.Bot.IsReady);
        Assert.That(b.Bot.GetStatus().Identifies, Is.EqualTo(2), "the released shards were resumed");
    }

    [Test]
    public async Task Takeover_LogsWhoseLeaseExpired_BeforeTheShardIsStartedAndConnects()
    {
        Process a = await StartAsync("a", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == Shards && a.Bot.IsReady);
        var collector = new FakeLogCollector();
        using var loggers = new LoggerFactory([new FakeLoggerProvider(collector)]);
        Process standby = await StartAsync("standby", "any", loggers: loggers);

        a.Kill();

        await WaitUntilAsync(() => standby.ShardIds.Count == Shards && standby.Bot.IsReady);
        string[] lines = [.. collector.GetSnapshot().Select(r => r.Message)];
        for (int shard = 0; shard < Shards; shard++)
        {
            int expired = Array.FindIndex(lines, l => l == $"Shard {shard}'s lease held by {a.OwnerId} expired; taking it over, resuming its session here");
            int ours = Array.FindIndex(lines, l => l == $"Shard {shard} is ours now; starting it (resume)");
            int connecting = Array.FindIndex(lines, l => l.StartsWith($"Shard {shard}: connecting to ", StringComparison.Ordinal));
            Assert.That(expired, Is.GreaterThanOrEqualTo(0), $"shard {shard}: the takeover names the process whose lease expired");
            Assert.That(ours, Is.GreaterThan(expired), $"shard {shard}: then the gateway takes it");
            Assert.That(connecting, Is.GreaterThan(ours), $"shard {shard}: and only then does it connect");
        }
    }

    [Test]
    public async Task Rebalance_AProcessComesBack_TheShardsSplitAgain_AndTheMovedOnesAreResumed()
    {
        Process a = await StartAsync("a", "any");
        Process b = await StartAsync("b", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == 2 && b.ShardIds.Count == 2 && a.Bot.IsReady && b.Bot.IsReady);
        a.Kill();
        await WaitUntilAsync(() => b.ShardIds.Count == Shards && b.Bot.IsReady);
        (ulong guild, ulong channel) = await CreateGuildOnShardAsync(3);
        _emulator.AddMember(guild, _emulator.AliceUserId);
        await _emulator.PostMessageAsync(_emulator.AliceUserId, channel, $"<@{_emulator.BotUserId}> before");
        await WaitUntilAsync(() => b.Received.Any(m => m.Content.EndsWith("before", StringComparison.Ordinal)));
        var collector = new FakeLogCollector();
        using var loggers = new LoggerFactory([new FakeLoggerProvider(collector)]);

        long startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        Process back = await StartAsync("a-again", "any", loggers: loggers);

        // Messages keep coming in the moved shard's guild while it moves: each is handled once, by one process or the other.
        var sent = new List<string>();
        while (!(back.ShardIds.Count == 2 && b.ShardIds.Count == 2 && back.Bot.IsReady))
        {
            sent.Add($"moving {sent.Count}");
            await _emulator.PostMessageAsync(_emulator.AliceUserId, channel, $"<@{_emulator.BotUserId}> {sent[^1]}");
            Assert.That(sent, Has.Count.LessThan(600), "the shards did not split within a minute");
            await Task.Delay(100);
        }

        // A measurement, not an assertion: the returning process's start → both shards handed over and READY again.
        TestContext.Progress.WriteLine($"rebalance: 2 shards moved in {System.Diagnostics.Stopwatch.GetElapsedTime(startedAt).TotalSeconds:0.0} s with a {_options.LeaseTtl.TotalSeconds} s lease, {sent.Count} messages posted meanwhile");
        await WaitUntilAsync(() => sent.All(text => b.Received.Concat(back.Received).Any(m => m.Content.EndsWith(text, StringComparison.Ordinal))));
        string[] handled = [.. b.Received.Concat(back.Received).Select(m => m.Content[(m.Content.IndexOf('>', StringComparison.Ordinal) + 2)..]).Where(t => t.StartsWith("moving ", StringComparison.Ordinal))];
        Assert.That(handled, Is.EquivalentTo(sent), "none lost, none handled twice");
        Assert.That(back.Received.Any(m => m.Content.Contains("moving", StringComparison.Ordinal)), Is.True, "some arrived after the move");
        Assert.That(back.ShardIds.Intersect(b.ShardIds), Is.Empty);
        Assert.That(back.ShardIds, Does.Contain(3), "the highest shard goes first");
        Assert.That(back.Bot.GetStatus().Identifies, Is.Zero, "the shards handed over were resumed, not identified afresh");
        Assert.That(back.Bot.GetStatus().Resumes, Is.EqualTo(2));
        Assert.That(Interlocked.Read(ref b.Coordinator.HandOffs), Is.EqualTo(2));
        Assert.That(collector.GetSnapshot().Select(r => r.Message),
            Does.Contain($"Shard 3 handed off from {b.OwnerId} to {back.OwnerId}; resuming its session here"));

        await _emulator.PostMessageAsync(_emulator.AliceUserId, channel, $"<@{_emulator.BotUserId}> after");
        await WaitUntilAsync(() => back.Received.Any(m => m.Content.EndsWith("after", StringComparison.Ordinal)));
        Assert.That(back.Received.Count(m => m.Content.EndsWith("before", StringComparison.Ordinal)), Is.Zero, "handled before the hand-off: not replayed");
        Assert.That(b.Received.Count(m => m.Content.EndsWith("after", StringComparison.Ordinal)), Is.Zero, "answered once, where the shard runs now");
        Assert.That(back.Bot.Gateway.State.GuildIds, Does.Contain(guild), "the moved shard's guild came with its session");
        Assert.That(b.Bot.Gateway.State.GuildIds, Does.Not.Contain(guild), "and is no longer kept where it ran before");
    }

    [Test]
    public async Task Rebalance_Balanced_NothingMoves()
    {
        Process a = await StartAsync("a", "any");
        Process b = await StartAsync("b", "any");
        await WaitUntilAsync(() => a.ShardIds.Count == 2 && b.ShardIds.Count == 2 && a.Bot.IsReady && b.Bot.IsReady);
        int[] before = [.. a.ShardIds];

        await Task.Delay(_options.LeaseTtl * 3);

        Assert.That(a.ShardIds, Is.EqualTo(before));
        Assert.That(Interlocked.Read(ref a.Coordinator.HandOffs) + Interlocked.Read(ref b.Coordinator.HandOffs), Is.Zero);
        Assert.That(a.Bot.GetStatus().Resumes + b.Bot.GetStatus().Resumes, Is.Zero);
    }

    private readonly ClusterOptions _options = new() { LeaseTtl = TimeSpan.FromSeconds(1.5) };

    private async Task<Process> StartAsync(string name, string shardIds, int shardCount = Shards, ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var clusterOptions = new ClusterOptions { RedisUrl = _redis.Url, InstanceName = name, ShardIds = shardIds, ShardCount = shardCount.ToString(System.Globalization.CultureInfo.InvariantCulture), LeaseTtl = _options.LeaseTtl };
        var redis = new RedisConnection(Options.Create(clusterOptions), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        redis.Start();
        var members = new ClusterMembers(redis, TimeProvider.System);
        var coordinator = new RedisShardCoordinator(redis, members, ShardPlan.Parse(clusterOptions.ShardCount, shardIds, true), TimeProvider.System, loggers.CreateLogger<RedisShardCoordinator>());
        var discord = new DiscordClientOptions { Token = _emulator.BotToken, ApiBaseUrl = _emulator.RestBaseUrl, ShardCount = shardCount };
        var bot = new DiscordBot(discord, new SocketsHttpHandler(), new WebSocketGatewayConnectionFactory(TimeProvider.System), TimeProvider.System,
            loggers, null, coordinator, new RedisIdentifyCoordinator(redis, TimeProvider.System));
        var process = new Process(name, redis, bot, coordinator);
        bot.SubscribeMessages(MessageInterest.Mentions, (message, _) =>
        {
            process.Received.Add(message);
            return ValueTask.CompletedTask;
        });
        await bot.StartAsync();
        _processes.Add(process);
        return process;
    }

    private Task<(ulong Guild, ulong Channel)> CreateGuildOnShardAsync(int shardId)
    {
        // A guild's shard is its id's millisecond (since Discord's epoch, 2015) modulo the shard count, and the
        // emulator stamps ids with the real clock: create the guild in a millisecond that falls on the shard. (Sleeping
        // a millisecond between tries could step by exactly 2 ms every time and never reach an odd shard.)
        const long DiscordEpochMs = 1_420_070_400_000;
        for (int i = 0; i < 100; i++)
        {
            while ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - DiscordEpochMs) % Shards != shardId) Thread.SpinWait(50);
            ulong guild = _emulator.CreateGuild("guild " + i);
            if ((int)((guild >> 22) % Shards) == shardId) return Task.FromResult((guild, _emulator.CreateTextChannel(guild, "general")));
        }

        throw new InvalidOperationException("no guild id fell on shard " + shardId);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private sealed class Process(string name, RedisConnection redis, DiscordBot bot, RedisShardCoordinator coordinator) : IAsyncDisposable
    {
        public string Name { get; } = name;

        public string OwnerId => redis.OwnerId;

        public RedisShardCoordinator Coordinator { get; } = coordinator;

        public DiscordBot Bot { get; } = bot;

        public ConcurrentBag<DiscordMessage> Received { get; } = [];

        public IReadOnlyList<int> ShardIds => [.. Bot.GetShards().Select(s => s.ShardId)];

        /// <summary>As kill -9 would: no close frames, no lease release, Redis link gone.</summary>
        public void Kill()
        {
            Bot.Gateway.Abort();
            redis.Multiplexer?.Close(allowCommandsToComplete: false);
        }

        public async ValueTask DisposeAsync()
        {
            await Bot.DisposeAsync();
            await redis.DisposeAsync();
        }
    }
}
