using System.Net;
using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Interactions;

/// <summary>
/// Auto-populated selects' <c>default_values</c> as Discord takes them: refused with 50035 at the offending path
/// (a type the menu does not offer, a count outside min..max, a bad id, on a string select), else kept on the message
/// and returned with it.
/// </summary>
public sealed class SelectDefaultValuesTests
{
    private DiscordEmulator _emulator = null!;
    private HttpClient _bot = null!;

    [SetUp]
    public async Task SetUp()
    {
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { EnforceRestRateLimits = false });
        _bot = RestTestClient.Create(_emulator);
    }

    [TearDown]
    public async Task TearDown()
    {
        _bot.Dispose();
        await _emulator.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostMenuAsync(string menu)
    {
        using HttpResponseMessage response = await _bot.PostAsync($"v10/channels/{_emulator.DefaultChannelId}/messages",
            RestTestClient.Json("{\"content\":\"choose\",\"components\":[{\"type\":1,\"components\":[" + menu + "]}]}"));
        return (response.StatusCode, await RestTestClient.ReadJsonAsync(response));
    }

    [TestCase("""{"type":5,"custom_id":"m","default_values":[{"id":"7","type":"role"}]}""", "default_values.0.type", "BASE_TYPE_CHOICES", "{'user'}",
        TestName = "Post_InvalidDefaultValues_50035(role on a user select)")]
    [TestCase("""{"type":6,"custom_id":"m","default_values":[{"id":"7","type":"user"}]}""", "default_values.0.type", "BASE_TYPE_CHOICES", "{'role'}",
        TestName = "Post_InvalidDefaultValues_50035(user on a role select)")]
    [TestCase("""{"type":7,"custom_id":"m","max_values":2,"default_values":[{"id":"7","type":"user"},{"id":"8","type":"channel"}]}""", "default_values.1.type", "BASE_TYPE_CHOICES", "{'user', 'role'}",
        TestName = "Post_InvalidDefaultValues_50035(channel on a mentionable select)")]
    [TestCase("""{"type":8,"custom_id":"m","default_values":[{"id":"7","type":"user"}]}""", "default_values.0.type", "BASE_TYPE_CHOICES", "{'channel'}",
        TestName = "Post_InvalidDefaultValues_50035(user on a channel select)")]
    [TestCase("""{"type":5,"custom_id":"m","default_values":[{"id":"7","type":"user"},{"id":"8","type":"user"}]}""", "default_values", "BASE_TYPE_BAD_LENGTH", "between 1 and 1",
        TestName = "Post_InvalidDefaultValues_50035(more than max_values)")]
    [TestCase("""{"type":6,"custom_id":"m","min_values":2,"max_values":3,"default_values":[{"id":"7","type":"role"}]}""", "default_values", "BASE_TYPE_BAD_LENGTH", "between 2 and 3",
        TestName = "Post_InvalidDefaultValues_50035(fewer than min_values)")]
    [TestCase("""{"type":5,"custom_id":"m","default_values":[{"id":"alice","type":"user"}]}""", "default_values.0.id", "NUMBER_TYPE_COERCE", "\"alice\" is not snowflake",
        TestName = "Post_InvalidDefaultValues_50035(id not a snowflake)")]
    [TestCase("""{"type":5,"custom_id":"m","default_values":[{"type":"user"}]}""", "default_values.0.id", "BASE_TYPE_REQUIRED", "required",
        TestName = "Post_InvalidDefaultValues_50035(no id)")]
    [TestCase("""{"type":5,"custom_id":"m","default_values":[{"id":"7"}]}""", "default_values.0.type", "BASE_TYPE_REQUIRED", "required",
        TestName = "Post_InvalidDefaultValues_50035(no type)")]
    [TestCase("""{"type":3,"custom_id":"m","options":[{"label":"A","value":"a"}],"default_values":[{"id":"7","type":"user"}]}""", "default_values", "BASE_TYPE_INVALID", "only allowed on user, role",
        TestName = "Post_InvalidDefaultValues_50035(on a string select)")]
    public async Task Post_InvalidDefaultValues_50035(string menu, string path, string code, string message)
    {
        (HttpStatusCode status, JsonElement body) = await PostMenuAsync(menu);

        Assert.That((status, body.GetProperty("code").GetInt32()), Is.EqualTo((HttpStatusCode.BadRequest, 50035)), body.ToString());
        JsonElement at = body.GetProperty("errors").GetProperty("components").GetProperty("0").GetProperty("components").GetProperty("0");
        foreach (string segment in path.Split('.'))
        {
            at = at.GetProperty(segment);
        }

        JsonElement error = at.GetProperty("_errors")[0];
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo(code));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain(message));
        Assert.That(_emulator.BotMessages, Is.Empty);
    }

    [Test]
    public async Task Post_ValidDefaultValues_AreKeptAndReturned()
    {
        string alice = _emulator.AliceUserId.ToString(), moderators = _emulator.ModeratorRoleId.ToString();
        string menu = "{\"type\":7,\"custom_id\":\"ping\",\"min_values\":0,\"max_values\":3,\"default_values\":[{\"id\":\"" + moderators + "\",\"type\":\"role\"},{\"id\":" + alice + ",\"type\":\"user\"}]}";

        (HttpStatusCode status, JsonElement body) = await PostMenuAsync(menu);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        using HttpResponseMessage fetched = await _bot.GetAsync($"v10/channels/{_emulator.DefaultChannelId}/messages/{body.GetProperty("id").GetString()}");
        JsonElement again = await RestTestClient.ReadJsonAsync(fetched);

        static string Defaults(JsonElement message) => message.GetProperty("components")[0].GetProperty("components")[0].GetProperty("default_values").ToString();
        Assert.That(Defaults(body), Does.Contain("\"type\":\"role\"").And.Contain(moderators));
        Assert.That(Defaults(again), Is.EqualTo(Defaults(body)));
        Assert.That(_emulator.BotMessages.Single().SelectMenus.Single().DefaultValues,
            Is.EqualTo(new[] { (_emulator.ModeratorRoleId, "role"), (_emulator.AliceUserId, "user") }));
    }

    [Test]
    public async Task Post_EmptyDefaultValues_AreNoDefaults()
    {
        (HttpStatusCode status, JsonElement body) = await PostMenuAsync("""{"type":8,"custom_id":"where","channel_types":[0],"default_values":[]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(_emulator.BotMessages.Single().SelectMenus.Single().DefaultValues, Is.Empty);
    }

    [Test]
    public async Task InteractionCallback_DefaultOfAnotherType_50035UnderData()
    {
        using HttpResponseMessage registered = await _bot.PostAsync($"v10/applications/{_emulator.ApplicationId}/guilds/{_emulator.DefaultGuildId}/commands",
            RestTestClient.Json("""{"name":"ask","description":"Ask","options":[{"type":3,"name":"prompt","description":"What","required":true}]}"""));
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        EmulatorInteraction interaction = await _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask", new EmulatorCommandOption("prompt", "hi"));
        using HttpClient anonymous = RestTestClient.Create(_emulator, token: "");
        const string menu = """{"type":6,"custom_id":"r","default_values":[{"id":"7","type":"channel"}]}""";

        using HttpResponseMessage response = await anonymous.PostAsync($"v10/interactions/{interaction.Id}/{interaction.Token}/callback",
            RestTestClient.Json("{\"type\":4,\"data\":{\"content\":\"p\",\"components\":[{\"type\":1,\"components\":[" + menu + "]}]}}"));
        JsonElement body = await RestTestClient.ReadJsonAsync(response);

        Assert.That((response.StatusCode, body.GetProperty("code").GetInt32()), Is.EqualTo((HttpStatusCode.BadRequest, 50035)), body.ToString());
        Assert.That(body.GetProperty("errors").GetProperty("data").GetProperty("components").GetProperty("0").GetProperty("components").GetProperty("0")
            .GetProperty("default_values").GetProperty("0").GetProperty("type").GetProperty("_errors")[0].GetProperty("code").GetString(), Is.EqualTo("BASE_TYPE_CHOICES"));
    }
}
