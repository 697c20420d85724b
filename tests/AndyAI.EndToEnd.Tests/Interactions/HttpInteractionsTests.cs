using System.Globalization;
using System.Net;
using System.Text;
using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Interactions;

/// <summary>
/// Discord's Interactions Endpoint URL against the real host: the emulator saves the URL only after the bot passes
/// Discord's check (PONG to a signed PING, 401 to a bad signature), then POSTs interactions there signed instead of
/// sending INTERACTION_CREATE; the same handlers answer them. Requests without a valid signature are refused.
/// </summary>
[TestFixture]
internal sealed class HttpInteractionsTests
{
    private BotHarness _bot = null!;
    private Uri _endpoint = null!;
    private ulong _channel;
    private readonly HttpClient _http = new();

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.ConfigureWorld = discord => setup.Environment["Interactions__PublicKey"] = discord.ApplicationPublicKey;
        setup.Environment["HTTP_ADDRESS"] = BotSetup.ListenerAddress;
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
        _bot = await BotHarness.StartAsync(setup);
        _endpoint = new Uri(await _bot.ListenerAddressAsync(), "interactions");
        _channel = _bot.NewChannel("http-interactions");
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (_bot.Discord.GetSlashCommandOptionNames(_channel, "ask") is null || _bot.Discord.GetSlashCommandOptionNames(_channel, "ping") is null)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("/ask and /ping were never registered");
            await Task.Delay(50);
        }

        string? refused = await _bot.Discord.SetInteractionsEndpointAsync(_endpoint);
        Assert.That(refused, Is.Null, "Discord's check of the URL: " + refused);
    }

    [OneTimeTearDown]
    public async Task StopBot()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
    }

    [Test]
    public async Task SlashCommand_ArrivesOverHttp_AnsweredByTheSameHandler_ThePostGets202()
    {
        int framesBefore = _bot.Discord.Frames.Count(f => f.EventName == "INTERACTION_CREATE");

        EmulatorInteraction ping = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "ping");
        EmulatorInteractionResponse answer = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == ping.Id, BotHarness.HangGuard);
        EmulatorInteractionDelivery delivery = await DeliveryAsync(ping);

        Assert.That((answer.Kind, answer.Type, answer.StatusCode), Is.EqualTo((EmulatorInteractionResponseKind.Callback, (int?)4, 204)));
        Assert.That(answer.Content, Does.StartWith("Pong!"));
        Assert.That((delivery.StatusCode, delivery.Body), Is.EqualTo((202, "")), "answered through the callback endpoint, so the POST gets 202 and no body");
        Assert.That(_bot.Discord.Frames.Count(f => f.EventName == "INTERACTION_CREATE"), Is.EqualTo(framesBefore), "nothing over the gateway");
    }

    [Test]
    public async Task Ask_OverHttp_DefersThenStreamsItsAnswer()
    {
        EmulatorInteraction ask = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "ask", new EmulatorCommandOption("prompt", "over http?"));
        EmulatorInteractionResponse first = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == ask.Id, BotHarness.HangGuard);
        EmulatorInteractionResponse final = await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == ask.Id && r.Kind == EmulatorInteractionResponseKind.EditOriginal && r.ComponentCustomIds.Any(id => id.Contains(":regen:", StringComparison.Ordinal)), BotHarness.HangGuard);

        Assert.That(first.Type, Is.EqualTo(5));
        Assert.That(final.Content, Is.EqualTo("echo: over http?"));
    }

    [Test]
    public async Task Requests_WithoutAValidSignature_Get401_ASignedPingGetsPong()
    {
        byte[] ping = "{\"id\":\"5\",\"application_id\":\"1\",\"type\":1,\"token\":\"t\",\"version\":1}"u8.ToArray();
        string now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string valid = _bot.Discord.SignInteractionRequest(now, ping);
        byte[] tampered = "{\"id\":\"5\",\"application_id\":\"1\",\"type\":2,\"token\":\"t\",\"version\":1}"u8.ToArray();
        byte[] notJson = "not an interaction"u8.ToArray();

        (HttpStatusCode Status, string Body) missing = await PostAsync(ping, signature: null, timestamp: null);
        (HttpStatusCode Status, string Body) garbage = await PostAsync(ping, signature: "zz", timestamp: now);
        (HttpStatusCode Status, string Body) otherBody = await PostAsync(tampered, valid, now);
        (HttpStatusCode Status, string Body) otherTime = await PostAsync(ping, valid, (long.Parse(now, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
        (HttpStatusCode Status, string Body) pong = await PostAsync(ping, valid, now);
        (HttpStatusCode Status, string Body) bad = await PostAsync(notJson, _bot.Discord.SignInteractionRequest(now, notJson), now);
        string anHourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        (HttpStatusCode Status, string Body) replayed = await PostAsync(ping, _bot.Discord.SignInteractionRequest(anHourAgo, ping), anHourAgo);

        Assert.That(new[] { missing.Status, garbage.Status, otherBody.Status, otherTime.Status }, Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(missing.Body, Is.EqualTo("invalid request signature"));
        Assert.That((pong.Status, pong.Body), Is.EqualTo((HttpStatusCode.OK, "{\"type\":1}")));
        Assert.That((replayed.Status, replayed.Body), Is.EqualTo((HttpStatusCode.Unauthorized, "stale request timestamp")), "validly signed an hour ago: a replay");
        Assert.That(bad.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        string log = await _bot.WaitForLogLineAsync(l => l.Contains("POST /interactions from", StringComparison.Ordinal));
        Assert.That(log, Does.Contain("invalid Ed25519 signature"));
    }

    [Test]
    public async Task ASignedInteraction_SentAgainWithinTheTimestampWindow_IsRefusedAsAReplay()
    {
        // What a captured request looks like when sent again: the same body, signature and timestamp.
        string json = $$$"""{"id":"990000000000000001","application_id":"{{{_bot.Discord.ApplicationId}}}","type":2,"token":"captured","version":1,"channel_id":"{{{_channel}}}","user":{"id":"{{{_bot.Discord.OwnerUserId}}}","username":"owner"},"data":{"id":"1","name":"ping","type":1}}""";
        byte[] body = Encoding.UTF8.GetBytes(json);
        string now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string signature = _bot.Discord.SignInteractionRequest(now, body);

        (HttpStatusCode Status, string Body) first = await PostAsync(body, signature, now);
        (HttpStatusCode Status, string Body) again = await PostAsync(body, signature, now);

        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.Accepted), "the first copy is handled");
        Assert.That((again.Status, again.Body), Is.EqualTo((HttpStatusCode.Unauthorized, "replayed request")));
        string log = await _bot.WaitForLogLineAsync(l => l.Contains("interaction 990000000000000001 was already received", StringComparison.Ordinal));
        Assert.That(log, Does.Contain("POST /interactions from"));
    }

    private async Task<EmulatorInteractionDelivery> DeliveryAsync(EmulatorInteraction interaction)
    {
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (true)
        {
            if (_bot.Discord.InteractionDeliveries.FirstOrDefault(d => d.InteractionId == interaction.Id) is { } delivery) return delivery;
            if (DateTime.UtcNow > deadline) Assert.Fail($"interaction {interaction.Id} was never POSTed");
            await Task.Delay(20);
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(byte[] body, string? signature, string? timestamp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        if (signature is not null) request.Headers.Add("X-Signature-Ed25519", signature);
        if (timestamp is not null) request.Headers.Add("X-Signature-Timestamp", timestamp);
        using HttpResponseMessage response = await _http.SendAsync(request);
        return (response.StatusCode, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }
}
