using System.Net;
using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests;

public sealed class ControlApiTests
{
    private static HttpClient Control(DiscordEmulator emulator) => new() { BaseAddress = new Uri(emulator.ControlUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };

    [Test]
    public async Task GetWorld_ReturnsUrlsTokenAndIds()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = new() { BaseAddress = new Uri(emulator.BaseUrl) };

        using HttpResponseMessage response = await http.GetAsync("/_emulator");
        JsonElement world = await RestTestClient.ReadJsonAsync(response);

        Assert.That(world.GetProperty("rest_base_url").GetString(), Is.EqualTo(emulator.RestBaseUrl));
        Assert.That(world.GetProperty("gateway_url").GetString(), Is.EqualTo(emulator.GatewayUrl));
        Assert.That(world.GetProperty("bot_token").GetString(), Is.EqualTo("emulator-bot-token"));
        Assert.That(world.GetProperty("guild_id").GetString(), Is.EqualTo(emulator.DefaultGuildId.ToString()));
        Assert.That(world.GetProperty("channel_id").GetString(), Is.EqualTo(emulator.DefaultChannelId.ToString()));
        Assert.That(world.GetProperty("owner_user_id").GetString(), Is.EqualTo(emulator.OwnerUserId.ToString()));
    }

    [Test]
    public async Task PostMessage_DispatchesMessageCreateWithMentions()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;
        using HttpClient http = Control(emulator);

        using HttpResponseMessage response = await http.PostAsync("messages", RestTestClient.Json(
            $"{{\"author_id\":\"{emulator.BobUserId}\",\"channel_id\":\"{emulator.DefaultChannelId}\",\"content\":\"<@{emulator.BotUserId}> hi\"}}"));
        JsonElement d = (await client.WaitForDispatchAsync("MESSAGE_CREATE")).D;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await RestTestClient.ReadJsonAsync(response)).GetProperty("id").GetString(), Is.EqualTo(d.GetProperty("id").GetString()));
        Assert.That(d.GetProperty("mentions")[0].GetProperty("id").GetString(), Is.EqualTo(emulator.BotUserId.ToString()));
    }

    [Test]
    public async Task PostMessage_UnknownChannel_400()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = Control(emulator);

        using HttpResponseMessage response = await http.PostAsync("messages", RestTestClient.Json("{\"channel_id\":\"5\",\"content\":\"x\"}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Faults_ReconnectAndRest_AreApplied()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;
        using HttpClient http = Control(emulator);
        using HttpClient rest = RestTestClient.Create(emulator);

        using HttpResponseMessage reconnect = await http.PostAsync("faults", RestTestClient.Json("{\"kind\":\"reconnect\"}"));
        using HttpResponseMessage restFault = await http.PostAsync("faults", RestTestClient.Json("{\"kind\":\"rest\",\"status\":\"503\",\"count\":1}"));
        using HttpResponseMessage unknown = await http.PostAsync("faults", RestTestClient.Json("{\"kind\":\"meteor\"}"));
        using HttpResponseMessage failed = await rest.GetAsync("v10/users/@me");

        Assert.That((await RestTestClient.ReadJsonAsync(reconnect)).GetProperty("affected").GetInt32(), Is.EqualTo(1));
        Assert.That((await client.ReceiveAsync()).Op, Is.EqualTo(7));
        Assert.That(restFault.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Flood_WaitTrue_ReturnsCountsAfterDelivery()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;
        using HttpClient http = Control(emulator);

        Task<HttpResponseMessage> flood = http.PostAsync("flood", RestTestClient.Json("{\"count\":500,\"mention_every\":50,\"wait\":true}"));
        int received = 0;
        while (received < 500)
        {
            if ((await client.ReceiveAsync()).T == "MESSAGE_CREATE")
            {
                received++;
            }
        }
        using HttpResponseMessage response = await flood;
        JsonElement body = await RestTestClient.ReadJsonAsync(response);
        using HttpResponseMessage status = await http.GetAsync("flood");

        Assert.That(body.GetProperty("sent").GetInt64(), Is.EqualTo(500));
        Assert.That(body.GetProperty("mentions").GetInt64(), Is.EqualTo(10));
        Assert.That((await RestTestClient.ReadJsonAsync(status)).GetProperty("running").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Flood_NoSession_400()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = Control(emulator);

        using HttpResponseMessage response = await http.PostAsync("flood", RestTestClient.Json("{\"count\":5}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
