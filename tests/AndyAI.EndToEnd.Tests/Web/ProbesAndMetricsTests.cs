using System.Net;
using System.Text.Json;
using AndyAI.EndToEnd.Tests.Harness;
using AndyAI.Emulator;

namespace AndyAI.EndToEnd.Tests.Web;

/// <summary>
/// The HTTP listener of a real host (HTTP_ADDRESS with port 0): <c>/readyz</c> before READY, after it and with a
/// failed cog; <c>/healthz</c>; <c>/metrics</c> parsed strictly, its counters moving after a mention and agreeing
/// with <c>!stats</c>.
/// </summary>
public sealed class ProbesAndMetricsTests
{
    private static readonly HttpClient Http = new() { Timeout = BotHarness.HangGuard };
    private BotHarness _bot = null!;
    private Uri _address = null!;
    private (HttpStatusCode Status, string Body) _beforeReady;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup
        {
            // The gateway holds the bot's connection until the test has asked /readyz once.
            ConfigureWorld = discord => discord.HoldGatewayConnections(),
            BeforeReady = async harness =>
            {
                Uri address = await harness.ListenerAddressAsync();
                _beforeReady = await GetAsync(new Uri(address, "readyz"));
                harness.Discord.ReleaseGatewayConnections();
            },
        };
        setup.Environment["HTTP_ADDRESS"] = BotSetup.ListenerAddress;
        setup.Environment["INSTANCE_NAME"] = "metrics-bot";
        // ClaimCogB claims ClaimCogA's command, so it fails to load: /readyz must say so.
        setup.Cogs.Add(("ClaimCogA", "ClaimCogA"));
        setup.Cogs.Add(("ClaimCogB", "ClaimCogB"));
        setup.LoadOrder.AddRange(["ClaimCogA", "ClaimCogB"]);
        setup.ReadyWhen.AddRange([("ClaimA", "running"), ("ClaimB", "failed")]);
        _bot = await BotHarness.StartAsync(setup);
        _address = await _bot.ListenerAddressAsync();
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public void Readyz_before_READY_is_503_and_names_the_gateway()
    {
        Assert.That(_beforeReady.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), _beforeReady.Body);
        using JsonDocument body = JsonDocument.Parse(_beforeReady.Body);
        Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("not ready"));
        Assert.That(body.RootElement.GetProperty("notReady").EnumerateArray().Select(e => e.GetString()), Has.Some.StartsWith("discord: "), _beforeReady.Body);
    }

    [Test]
    public async Task Readyz_with_a_failed_cog_is_503_and_200_once_it_runs()
    {
        (HttpStatusCode failedStatus, string failedBody) = await GetAsync(new Uri(_address, "readyz"));
        Assert.That(failedStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable), failedBody);
        using (JsonDocument body = JsonDocument.Parse(failedBody))
        {
            string?[] notReady = [.. body.RootElement.GetProperty("notReady").EnumerateArray().Select(e => e.GetString())];
            Assert.That(notReady, Has.Length.EqualTo(1), failedBody);
            Assert.That(notReady[0], Does.StartWith("cog ClaimB: failed"), "the shards are READY; only the cog is listed");
        }

        // Without ClaimCogA, ClaimCogB's command is free: it loads and runs.
        string unloaded = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!unload ClaimCogA");
        Assert.That(unloaded, Does.Contain("unloaded in"), unloaded);
        string loaded = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!load ClaimCogB");
        Assert.That(loaded, Does.Contain("loaded in"), loaded);

        (HttpStatusCode readyStatus, string readyBody) = await GetAsync(new Uri(_address, "readyz"));
        Assert.That(readyStatus, Is.EqualTo(HttpStatusCode.OK), readyBody);
        Assert.That(readyBody, Does.Contain("\"status\":\"ready\"").And.Contain("\"state\":\"Ready\""));
    }

    [Test]
    public async Task Login_page_is_never_framed_cached_or_sniffed()
    {
        using HttpResponseMessage response = await Http.GetAsync(new Uri(_address, "login"));

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }

    [Test]
    public async Task Healthz_answers_without_login()
    {
        (HttpStatusCode status, string body) = await GetAsync(new Uri(_address, "healthz"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo("{\"status\":\"ok\"}"));
    }

    [Test]
    public async Task Metrics_counters_move_after_a_mention_and_agree_with_stats()
    {
        PrometheusText.Exposition before = await ScrapeAsync();
        ulong channel = _bot.NewChannel("metrics");
        ulong user = _bot.Discord.CreateUser("metrics-user");
        _bot.Discord.AddMember(_bot.Discord.DefaultGuildId, user);

        EmulatorMessage question = await _bot.PostAsync(user, channel, $"{_bot.Mention} count me");
        await _bot.WaitForAnswerAsync(question.Id, "echo: count me");
        // The cog counts its answer just after the last edit reaches Discord: poll until it has.
        PrometheusText.Exposition after = await ScrapeUntilAsync(e => e.Sum("andyai_mentions_answered_total") > before.Sum("andyai_mentions_answered_total"));

        Assert.Multiple(() =>
        {
            Assert.That(after.Sum("andyai_messages_seen_total"), Is.GreaterThan(before.Sum("andyai_messages_seen_total")));
            Assert.That(after.Sum("andyai_mentions_answered_total"), Is.EqualTo(before.Sum("andyai_mentions_answered_total") + 1));
            Assert.That(after.Sum("andyai_llm_requests_total"), Is.GreaterThan(before.Sum("andyai_llm_requests_total")));
            Assert.That(after.Sum("andyai_answers_latency_seconds_count"), Is.EqualTo(before.Sum("andyai_answers_latency_seconds_count") + 1));
            Assert.That(after.Sum("andyai_answers_first_reply_seconds_count"), Is.EqualTo(before.Sum("andyai_answers_first_reply_seconds_count") + 1));
            Assert.That(after.Sum("andyai_llm_call_duration_seconds_count", s => s.Has("model", "gpt-4o-mini")), Is.GreaterThan(0));
            Assert.That(after.Sum("andyai_rest_requests_total"), Is.GreaterThan(before.Sum("andyai_rest_requests_total")));
            Assert.That(after.Sum("andyai_gateway_shard_state", s => s.Has("state", "Ready")), Is.EqualTo(1));
            Assert.That(after.Sum("andyai_gateway_events_total", s => s.Has("type", "MESSAGE_CREATE")), Is.EqualTo(after.Sum("andyai_messages_seen_total")));
            Assert.That(after.Sum("andyai_gateway_events_total", s => s.Has("type", "READY")), Is.EqualTo(1));
            Assert.That(after.Sum("andyai_gateway_events_total", s => s.Has("type", "GUILD_CREATE")), Is.GreaterThanOrEqualTo(1));
            Assert.That(after.Sum("andyai_commands_invoked_total", s => s.Has("command", "cogs")), Is.GreaterThan(0), "the harness's !cogs, by command");
            Assert.That(after.Sum("andyai_cogs_operation_duration_seconds_count", s => s.Has("outcome", "Loaded")), Is.GreaterThanOrEqualTo(3), "Utility, MessageHandler, ClaimA loaded");
            Assert.That(after.Sum("andyai_cogs_operation_duration_seconds_count", s => s.Has("outcome", "Failed") && s.Has("cog", "ClaimB")), Is.GreaterThanOrEqualTo(1));
            Assert.That(after.Types.GetValueOrDefault("andyai_answers_latency_seconds"), Is.EqualTo("histogram"));
            Assert.That(new[] { "andyai_mentions_failed_total", "andyai_ratelimit_denied_total", "andyai_cogs_handler_errors_total" }.Where(n => !before.Contains(n)), Is.Empty,
                "failure counters are exported at 0 before the first failure, so alerts on increase() see zero");
            Assert.That(before.Samples.Where(s => s.Name == "andyai_gateway_reconnects_total").Select(s => s.Labels["reason"]),
                Is.SupersetOf(new[] { "Dropped", "ServerClosed", "Zombie", "ReconnectRequested", "InvalidSession" }), "every reason has a series from the start");
            Assert.That(after.Samples.Where(s => s.Name == "andyai_answers_latency_seconds_bucket").Select(s => s.Labels["le"]).Distinct().Take(4),
                Is.EqualTo(new[] { "0.005", "0.01", "0.025", "0.05" }), "buckets in seconds, as the unit says (not the SDK's millisecond defaults)");
            Assert.That(after.Sum("andyai_answers_latency_seconds_bucket", s => s.Has("le", "5")), Is.EqualTo(after.Sum("andyai_answers_latency_seconds_count")),
                "the echo answers take well under 5 s");
            Assert.That(after.Samples.Any(s => s.Name.StartsWith("dotnet_", StringComparison.Ordinal)), Is.True, "runtime instruments (GC, heap, threads, CPU)");
        });

        // !stats reads the same instruments: its mention count is the one /metrics shows (no mention in between).
        string stats = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!stats");
        Assert.That(stats, Does.Contain($"mentions answered: {after.Sum("andyai_mentions_answered_total"):0}"), stats);
    }

    [Test]
    public async Task Metrics_name_the_process_by_INSTANCE_NAME()
    {
        PrometheusText.Exposition metrics = await ScrapeAsync();

        // Several processes of one bot on one machine must not all report the host name.
        Assert.That(metrics.Samples.Where(s => s.Name == "target_info").Select(s => s.Labels.GetValueOrDefault("service_instance_id")), Is.EqualTo(new[] { "metrics-bot" }));
    }

    private async Task<PrometheusText.Exposition> ScrapeUntilAsync(Func<PrometheusText.Exposition, bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (true)
        {
            PrometheusText.Exposition exposition = await ScrapeAsync();
            if (condition(exposition) || DateTime.UtcNow > deadline)
            {
                return exposition;
            }

            await Task.Delay(50);
        }
    }

    private async Task<PrometheusText.Exposition> ScrapeAsync()
    {
        (HttpStatusCode status, string body) = await GetAsync(new Uri(_address, "metrics"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        return PrometheusText.Parse(body);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri uri)
    {
        using HttpResponseMessage response = await Http.GetAsync(uri);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
