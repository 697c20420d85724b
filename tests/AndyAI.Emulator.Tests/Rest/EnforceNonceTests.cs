using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Rest;

/// <summary>Discord's <c>enforce_nonce</c>: a repeated create with the same nonce returns the first message instead of posting again.</summary>
public sealed class EnforceNonceTests
{
    [Test]
    public async Task SameNonceEnforced_ReturnsTheFirstMessage_PostsOnce()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        string path = $"v10/channels/{emulator.DefaultChannelId}/messages";
        const string Body = """{"content":"once","nonce":"1234567890","enforce_nonce":true}""";

        using HttpResponseMessage first = await http.PostAsync(path, RestTestClient.Json(Body));
        using HttpResponseMessage retry = await http.PostAsync(path, RestTestClient.Json(Body));
        string firstId = (await RestTestClient.ReadJsonAsync(first)).GetProperty("id").GetString()!;
        string retryId = (await RestTestClient.ReadJsonAsync(retry)).GetProperty("id").GetString()!;

        Assert.Multiple(() =>
        {
            Assert.That(retryId, Is.EqualTo(firstId));
            Assert.That(emulator.GetChannelMessages(emulator.DefaultChannelId).Count(m => m.Content == "once"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SameNonceNotEnforced_PostsTwice()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        string path = $"v10/channels/{emulator.DefaultChannelId}/messages";
        const string Body = """{"content":"twice","nonce":"1234567890"}""";

        using HttpResponseMessage first = await http.PostAsync(path, RestTestClient.Json(Body));
        using HttpResponseMessage second = await http.PostAsync(path, RestTestClient.Json(Body));

        Assert.That(emulator.GetChannelMessages(emulator.DefaultChannelId).Count(m => m.Content == "twice"), Is.EqualTo(2));
    }
}
