using System.Net;
using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Interactions;

public sealed class ApplicationCommandTests
{
    private DiscordEmulator _emulator = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { EnforceRestRateLimits = false });
        _http = RestTestClient.Create(_emulator);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private string Global => $"v10/applications/{_emulator.ApplicationId}/commands";

    private string Guild => $"v10/applications/{_emulator.ApplicationId}/guilds/{_emulator.DefaultGuildId}/commands";

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : RestTestClient.Json(json) };
        using HttpResponseMessage response = await _http.SendAsync(request);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.NoContent ? default : await RestTestClient.ReadJsonAsync(response));
    }

    private static string Command(string name, string description = "Does a thing", string options = "[]") =>
        $"{{\"name\":{JsonSerializer.Serialize(name)},\"description\":{JsonSerializer.Serialize(description)},\"options\":{options}}}";

    private static string Options(int count, Func<int, string> option) => "[" + string.Join(",", Enumerable.Range(0, count).Select(option)) + "]";

    private static string StringOption(string name, bool required = false) =>
        $"{{\"type\":3,\"name\":\"{name}\",\"description\":\"An option\",\"required\":{(required ? "true" : "false")}}}";

    private static void AssertFormError(HttpStatusCode status, JsonElement body, string code, params string[] path)
    {
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(50035));
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Invalid Form Body"));
        JsonElement node = body.GetProperty("errors");
        foreach (string segment in path) node = node.GetProperty(segment);
        Assert.That(node.GetProperty("_errors")[0].GetProperty("code").GetString(), Is.EqualTo(code), body.ToString());
    }

    [Test]
    public async Task Post_NewCommand_Returns201WithIdsVersionAndDefaults()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, Command("ask", options: $"[{StringOption("prompt", required: true)}]"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(body.GetProperty("id").GetString(), Is.Not.Empty);
        Assert.That(body.GetProperty("application_id").GetString(), Is.EqualTo(_emulator.ApplicationId.ToString()));
        Assert.That(body.GetProperty("version").GetString(), Is.Not.Empty);
        Assert.That(body.GetProperty("type").GetInt32(), Is.EqualTo(1));
        Assert.That(body.TryGetProperty("guild_id", out _), Is.False, "global commands carry no guild_id");
        Assert.That(body.GetProperty("options")[0].GetProperty("name").GetString(), Is.EqualTo("prompt"));
    }

    [Test]
    public async Task Post_SameNameTwice_UpdatesInPlaceKeepingTheId()
    {
        (_, JsonElement first) = await SendAsync(HttpMethod.Post, Global, Command("ping", "First"));

        (HttpStatusCode status, JsonElement second) = await SendAsync(HttpMethod.Post, Global, Command("ping", "Second"));
        (_, JsonElement list) = await SendAsync(HttpMethod.Get, Global);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.GetProperty("id").GetString(), Is.EqualTo(first.GetProperty("id").GetString()));
        Assert.That(second.GetProperty("version").GetString(), Is.Not.EqualTo(first.GetProperty("version").GetString()));
        Assert.That(list.GetArrayLength(), Is.EqualTo(1));
        Assert.That(list[0].GetProperty("description").GetString(), Is.EqualTo("Second"));
    }

    [Test]
    public async Task GuildAndGlobalCommands_AreSeparateSets()
    {
        await SendAsync(HttpMethod.Post, Global, Command("global-one"));
        await SendAsync(HttpMethod.Post, Guild, Command("guild-one"));

        (_, JsonElement global) = await SendAsync(HttpMethod.Get, Global);
        (_, JsonElement guild) = await SendAsync(HttpMethod.Get, Guild);

        Assert.That(global.EnumerateArray().Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "global-one" }));
        Assert.That(guild.EnumerateArray().Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "guild-one" }));
        Assert.That(guild[0].GetProperty("guild_id").GetString(), Is.EqualTo(_emulator.DefaultGuildId.ToString()));
    }

    [Test]
    public async Task Put_BulkOverwrite_ReplacesTheSetAndKeepsIdsOfSameNames()
    {
        (_, JsonElement kept) = await SendAsync(HttpMethod.Post, Guild, Command("keep"));
        await SendAsync(HttpMethod.Post, Guild, Command("drop"));

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Put, Guild, $"[{Command("keep", "Changed")},{Command("new")}]");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.EnumerateArray().Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "keep", "new" }));
        Assert.That(body[0].GetProperty("id").GetString(), Is.EqualTo(kept.GetProperty("id").GetString()));
        Assert.That(body[0].GetProperty("description").GetString(), Is.EqualTo("Changed"));
    }

    [Test]
    public async Task GetPatchDelete_OneCommand_FollowDiscord()
    {
        (_, JsonElement created) = await SendAsync(HttpMethod.Post, Global, Command("stats"));
        string one = Global + "/" + created.GetProperty("id").GetString();

        (HttpStatusCode getStatus, JsonElement got) = await SendAsync(HttpMethod.Get, one);
        (HttpStatusCode patchStatus, JsonElement patched) = await SendAsync(HttpMethod.Patch, one, "{\"description\":\"Numbers\",\"default_member_permissions\":\"8\"}");
        (HttpStatusCode deleteStatus, _) = await SendAsync(HttpMethod.Delete, one);
        (HttpStatusCode goneStatus, JsonElement gone) = await SendAsync(HttpMethod.Get, one);

        Assert.That(getStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(got.GetProperty("name").GetString(), Is.EqualTo("stats"));
        Assert.That(patchStatus, Is.EqualTo(HttpStatusCode.OK), patched.ToString());
        Assert.That(patched.GetProperty("name").GetString(), Is.EqualTo("stats"), "fields left out of a PATCH stay");
        Assert.That(patched.GetProperty("description").GetString(), Is.EqualTo("Numbers"));
        Assert.That(patched.GetProperty("default_member_permissions").GetString(), Is.EqualTo("8"));
        Assert.That(deleteStatus, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(goneStatus, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(gone.GetProperty("code").GetInt32(), Is.EqualTo(10063));
    }

    [TestCase("Ask")]
    [TestCase("two words")]
    [TestCase("")]
    [TestCase("a-name-that-is-far-too-long-for-it")]
    [TestCase("bang!")]
    public async Task Post_InvalidChatInputName_50035AtName(string name)
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, Command(name));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(50035));
        Assert.That(body.GetProperty("errors").TryGetProperty("name", out _), Is.True, body.ToString());
    }

    [TestCase("héllo")]
    [TestCase("नमस्ते")]
    [TestCase("สวัสดี")]
    [TestCase("a_b-1")]
    public async Task Post_ValidChatInputName_IsAccepted(string name)
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, Command(name));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString());
    }

    [Test]
    public async Task Post_UserCommandWithSpacesAndCapitals_IsAccepted()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, "{\"type\":2,\"name\":\"Show Profile\"}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        Assert.That(body.GetProperty("description").GetString(), Is.Empty);
    }

    [TestCase("")]
    [TestCase(null)]
    public async Task Post_MissingOrEmptyDescription_50035(string? description)
    {
        string json = description is null ? "{\"name\":\"ping\"}" : Command("ping", description);

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, json);

        AssertFormError(status, body, description is null ? "BASE_TYPE_REQUIRED" : "BASE_TYPE_BAD_LENGTH", "description");
    }

    [Test]
    public async Task Post_DescriptionOver100_50035()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, Command("ping", new string('x', 101)));

        AssertFormError(status, body, "BASE_TYPE_BAD_LENGTH", "description");
    }

    [Test]
    public async Task Post_26Options_50035AtOptions()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, Command("many", options: Options(26, i => StringOption("o" + i))));

        AssertFormError(status, body, "BASE_TYPE_MAX_LENGTH", "options");
    }

    [Test]
    public async Task Post_26Choices_50035AtTheOptionsChoices()
    {
        string choices = Options(26, i => $"{{\"name\":\"c{i}\",\"value\":\"v{i}\"}}");

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global,
            Command("pick", options: $"[{{\"type\":3,\"name\":\"what\",\"description\":\"Pick\",\"choices\":{choices}}}]"));

        AssertFormError(status, body, "BASE_TYPE_MAX_LENGTH", "options", "0", "choices");
    }

    [Test]
    public async Task Post_ChoiceValueOfTheWrongType_50035()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global,
            Command("count", options: "[{\"type\":4,\"name\":\"n\",\"description\":\"How many\",\"choices\":[{\"name\":\"one\",\"value\":\"1\"}]}]"));

        AssertFormError(status, body, "APPLICATION_COMMAND_OPTION_CHOICE_VALUE_INVALID", "options", "0", "choices", "0", "value");
    }

    [Test]
    public async Task Post_RequiredAfterOptional_50035()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global,
            Command("order", options: $"[{StringOption("first")},{StringOption("second", required: true)}]"));

        AssertFormError(status, body, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "options");
    }

    [Test]
    public async Task Post_DuplicateOptionNames_50035()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global,
            Command("twice", options: $"[{StringOption("same")},{StringOption("same")}]"));

        AssertFormError(status, body, "APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME", "options", "1", "name");
    }

    [Test]
    public async Task Post_SubcommandInsideSubcommand_50035()
    {
        string inner = "{\"type\":1,\"name\":\"inner\",\"description\":\"Inner\"}";

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global,
            Command("nest", options: $"[{{\"type\":1,\"name\":\"outer\",\"description\":\"Outer\",\"options\":[{inner}]}}]"));

        AssertFormError(status, body, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "options", "0", "options", "0", "type");
    }

    [Test]
    public async Task Post_SubcommandBesideValueOption_50035()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global,
            Command("mixed", options: $"[{{\"type\":1,\"name\":\"sub\",\"description\":\"Sub\"}},{StringOption("value")}]"));

        AssertFormError(status, body, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "options");
    }

    [Test]
    public async Task Post_GroupWithSubcommandsWithValues_IsAccepted()
    {
        string sub = $"{{\"type\":1,\"name\":\"set\",\"description\":\"Set\",\"options\":[{StringOption("key", required: true)}]}}";

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global,
            Command("config", options: $"[{{\"type\":2,\"name\":\"settings\",\"description\":\"Settings\",\"options\":[{sub}]}}]"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString());
    }

    [Test]
    public async Task Post_101stGlobalChatInputCommand_30032()
    {
        string hundred = "[" + string.Join(",", Enumerable.Range(0, 100).Select(i => Command("c" + i))) + "]";
        (HttpStatusCode putStatus, _) = await SendAsync(HttpMethod.Put, Global, hundred);

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, Command("one-more"));

        Assert.That(putStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(30032));
    }

    [Test]
    public async Task Put_101ChatInputCommands_50035AndNothingChanges()
    {
        string tooMany = "[" + string.Join(",", Enumerable.Range(0, 101).Select(i => Command("c" + i))) + "]";

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Put, Global, tooMany);
        (_, JsonElement list) = await SendAsync(HttpMethod.Get, Global);

        AssertFormError(status, body, "BASE_TYPE_MAX_LENGTH");
        Assert.That(list.GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Put_DuplicateNames_50035AtTheSecondIndex()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Put, Global, $"[{Command("same")},{Command("same")}]");

        AssertFormError(status, body, "APPLICATION_COMMANDS_DUPLICATE_NAME", "1", "name");
    }

    [Test]
    public async Task Put_InvalidEntry_50035AtItsIndex()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Put, Global, $"[{Command("fine")},{Command("Not Fine")}]");

        AssertFormError(status, body, "APPLICATION_COMMAND_INVALID_NAME", "1", "name");
    }

    [Test]
    public async Task Post_WrongTypeOfField_50035AtThatField()
    {
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Global, "{\"name\":\"x\",\"description\":\"d\",\"options\":[{\"type\":\"three\"}]}");

        AssertFormError(status, body, "MODEL_TYPE_CONVERT", "options", "0", "type");
    }

    [Test]
    public async Task Commands_ForAnotherApplicationOrUnknownGuild_403()
    {
        (HttpStatusCode otherApp, JsonElement otherBody) = await SendAsync(HttpMethod.Get, "v10/applications/123/commands");
        (HttpStatusCode unknownGuild, _) = await SendAsync(HttpMethod.Get, $"v10/applications/{_emulator.ApplicationId}/guilds/456/commands");

        Assert.That(otherApp, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(otherBody.GetProperty("code").GetInt32(), Is.EqualTo(50001));
        Assert.That(unknownGuild, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Commands_WithoutBotToken_401()
    {
        using HttpClient anonymous = RestTestClient.Create(_emulator, token: "");

        using HttpResponseMessage response = await anonymous.GetAsync(Global);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
