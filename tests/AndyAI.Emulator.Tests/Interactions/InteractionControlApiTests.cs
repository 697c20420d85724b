using System.Net;
using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Interactions;

public sealed class InteractionControlApiTests
{
    private static HttpClient Control(DiscordEmulator emulator) => new() { BaseAddress = new Uri(emulator.ControlUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };

    [Test]
    public async Task CommandsComponentsModalsAndResponses_WorkOverHttp()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { EnforceRestRateLimits = false });
        using HttpClient bot = RestTestClient.Create(emulator);
        using HttpClient anonymous = RestTestClient.Create(emulator, token: "");
        using HttpClient control = Control(emulator);
        using (HttpResponseMessage registered = await bot.PutAsync($"v10/applications/{emulator.ApplicationId}/commands", RestTestClient.Json(
            "[{\"name\":\"ask\",\"description\":\"Ask\",\"options\":[{\"type\":3,\"name\":\"prompt\",\"description\":\"Prompt\"},{\"type\":4,\"name\":\"n\",\"description\":\"N\"}]}]")))
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using HttpResponseMessage invoked = await control.PostAsync("interactions/commands", RestTestClient.Json(
            $"{{\"user_id\":\"{emulator.BobUserId}\",\"name\":\"ask\",\"options\":[{{\"name\":\"prompt\",\"value\":\"hi\"}},{{\"name\":\"n\",\"value\":2}}]}}"));
        JsonElement command = await RestTestClient.ReadJsonAsync(invoked);
        string id = command.GetProperty("id").GetString()!, token = command.GetProperty("token").GetString()!;
        using HttpResponseMessage answered = await anonymous.PostAsync($"v10/interactions/{id}/{token}/callback", RestTestClient.Json(
            "{\"type\":9,\"data\":{\"custom_id\":\"m\",\"title\":\"More\",\"components\":[{\"type\":1,\"components\":[{\"type\":4,\"custom_id\":\"text\",\"label\":\"Text\",\"style\":1}]}]}}"));
        using HttpResponseMessage submitted = await control.PostAsync("interactions/modals", RestTestClient.Json(
            $"{{\"interaction_id\":\"{id}\",\"modal_values\":{{\"text\":\"typed\"}}}}"));
        JsonElement modal = await RestTestClient.ReadJsonAsync(submitted);
        using HttpResponseMessage posted = await anonymous.PostAsync($"v10/interactions/{modal.GetProperty("id").GetString()}/{modal.GetProperty("token").GetString()}/callback",
            RestTestClient.Json("{\"type\":4,\"data\":{\"content\":\"with a button\",\"components\":[{\"type\":1,\"components\":[{\"type\":2,\"style\":1,\"label\":\"Go\",\"custom_id\":\"go\"}]}]}}"));
        ulong messageId = emulator.BotMessages.Single().Id;
        using HttpResponseMessage clicked = await control.PostAsync("interactions/components", RestTestClient.Json(
            $"{{\"message_id\":\"{messageId}\",\"custom_id\":\"go\"}}"));
        using HttpResponseMessage unknown = await control.PostAsync("interactions/commands", RestTestClient.Json("{\"name\":\"nope\"}"));
        using HttpResponseMessage listed = await control.GetAsync("interactions/responses");
        JsonElement responses = await RestTestClient.ReadJsonAsync(listed);

        Assert.That(invoked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(clicked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(emulator.FindInteraction(ulong.Parse((await RestTestClient.ReadJsonAsync(clicked)).GetProperty("id").GetString()!))!.CustomId, Is.EqualTo("go"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(responses.EnumerateArray().Select(r => r.GetProperty("type").GetInt32()), Is.EqualTo(new[] { 9, 4 }));
        Assert.That(responses[1].GetProperty("content").GetString(), Is.EqualTo("with a button"));
        Assert.That(responses[1].GetProperty("status").GetInt32(), Is.EqualTo(204));
    }
}
