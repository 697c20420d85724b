using System.Globalization;
using System.Text.RegularExpressions;
using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.MessageHandler;

/// <summary>
/// Per-user and per-guild token buckets, end to end. Short buckets from plugins.json (2 per user, 3 per guild, one
/// token back every 5 s) keep the suite fast. Messages are posted back to back, so which of them is refused may
/// vary, but how many are answered, noticed and silenced may not. The cog logs each message's outcome (the refusals
/// at Debug, hence LOG_LEVEL), so the tests wait for every outcome instead of a quiet period.
/// </summary>
[TestFixture]
internal sealed partial class RateLimitTests
{
    private BotHarness _bot = null!;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.Settings["MessageHandler"] = BotSetup.MessageHandlerSettings(
            streaming: false,
            userRateLimit: """{ "capacity": 2, "tokensPerPeriod": 1, "periodSeconds": 5 }""",
            guildRateLimit: """{ "capacity": 3, "tokensPerPeriod": 1, "periodSeconds": 5 }""");
        setup.Environment["LOG_LEVEL"] = "Debug";
        _bot = await BotHarness.StartAsync(setup);
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task UserOverTheLimit_OneNoticeThenSilenceThenServedAfterRefill()
    {
        ulong channel = _bot.NewChannel("user-limit");
        ulong user = _bot.Discord.CreateUser("eager");
        _bot.Discord.AddMember(_bot.Discord.DefaultGuildId, user);

        EmulatorMessage[] burst = new EmulatorMessage[4];
        for (int i = 0; i < burst.Length; i++)
        {
            burst[i] = await _bot.PostAsync(user, channel, $"{_bot.Mention} user burst question {i}");
        }

        EmulatorMessage notice = await _bot.Discord.WaitForBotMessageAsync(m => m.ChannelId == channel && m.Content.Contains("too quickly", StringComparison.Ordinal), BotHarness.HangGuard);
        foreach (EmulatorMessage question in burst)
        {
            await WaitForOutcomeAsync(question.Id);
        }

        IReadOnlyList<EmulatorMessage> sent = [.. _bot.Discord.BotMessages.Where(m => m.ChannelId == channel)];
        Assert.Multiple(() =>
        {
            Assert.That(sent.Count(m => m.Content.StartsWith("echo: user burst question", StringComparison.Ordinal)), Is.EqualTo(2), "the bucket holds two");
            Assert.That(sent.Count(m => m.Content.Contains("too quickly", StringComparison.Ordinal)), Is.EqualTo(1), "one notice per window");
            Assert.That(sent, Has.Count.EqualTo(3), "the fourth message gets silence");
            Assert.That(notice.Content, Does.Match(@"Please try again in \d+ s\."));
        });

        await Task.Delay(RetryAfter(notice.Content) + TimeSpan.FromMilliseconds(500));
        EmulatorMessage later = await _bot.PostAsync(user, channel, $"{_bot.Mention} user question after the refill");
        await _bot.WaitForAnswerAsync(later.Id, "echo: user question after the refill");
    }

    [Test]
    public async Task GuildOverTheLimit_OneNoticeForTheGuildThenSilenceThenServedAfterRefill()
    {
        ulong guild = _bot.Discord.CreateGuild("Busy Guild");
        ulong channel = _bot.Discord.CreateTextChannel(guild, "busy");
        ulong[] users = [.. Enumerable.Range(0, 5).Select(i => _bot.Discord.CreateUser($"member{i}"))];
        foreach (ulong user in users)
        {
            _bot.Discord.AddMember(guild, user);
        }

        // Four different users (each well within their own bucket) against a guild bucket of three.
        EmulatorMessage[] burst = new EmulatorMessage[4];
        for (int i = 0; i < burst.Length; i++)
        {
            burst[i] = await _bot.PostAsync(users[i], channel, $"{_bot.Mention} guild burst question {i}");
        }

        EmulatorMessage notice = await _bot.Discord.WaitForBotMessageAsync(m => m.ChannelId == channel && m.Content.Contains("This server is asking a lot", StringComparison.Ordinal), BotHarness.HangGuard);
        // A fifth user inside the same window: the guild already got its notice, so silence.
        EmulatorMessage fifth = await _bot.PostAsync(users[4], channel, $"{_bot.Mention} guild burst question 4");
        foreach (EmulatorMessage question in burst.Append(fifth))
        {
            await WaitForOutcomeAsync(question.Id);
        }

        IReadOnlyList<EmulatorMessage> sent = [.. _bot.Discord.BotMessages.Where(m => m.ChannelId == channel)];
        Assert.Multiple(() =>
        {
            Assert.That(sent.Count(m => m.Content.StartsWith("echo: guild burst question", StringComparison.Ordinal)), Is.EqualTo(3), "the guild bucket holds three");
            Assert.That(sent.Count(m => m.Content.Contains("This server is asking a lot", StringComparison.Ordinal)), Is.EqualTo(1), "one notice per guild and window");
            Assert.That(_bot.RepliesTo(fifth.Id), Is.Empty);
            Assert.That(sent, Has.Count.EqualTo(4));
        });

        await Task.Delay(RetryAfter(notice.Content) + TimeSpan.FromMilliseconds(500));
        EmulatorMessage later = await _bot.PostAsync(users[4], channel, $"{_bot.Mention} guild question after the refill");
        await _bot.WaitForAnswerAsync(later.Id, "echo: guild question after the refill");
    }

    /// <summary>
    /// Waits until the bot is done with <paramref name="questionId"/>: its "Answered" line (logged after the answer is
    /// posted), or its "Rate limited" line and, when that says a notice was sent, the notice. Nothing more is sent
    /// for the message after that, so counting the channel's messages next is exact.
    /// </summary>
    private async Task WaitForOutcomeAsync(ulong questionId)
    {
        string id = questionId.ToString(CultureInfo.InvariantCulture);
        string line = await _bot.WaitForLogLineAsync(l =>
            l.Contains($"Answered message {id} ", StringComparison.Ordinal) || l.Contains($"Rate limited message {id} ", StringComparison.Ordinal));
        if (line.Contains("notice sent: True", StringComparison.Ordinal))
        {
            await _bot.WaitForReplyAsync(questionId);
        }
    }

    private static TimeSpan RetryAfter(string notice) =>
        TimeSpan.FromSeconds(int.Parse(WaitPattern().Match(notice).Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"try again in (\d+) s")]
    private static partial Regex WaitPattern();
}
