using System.Net;
using AndyAI.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Emulator.Tests.Interactions;

public sealed class InteractionTests
{
    private FakeTimeProvider _time = null!;
    private DiscordEmulator _emulator = null!;
    private HttpClient _bot = null!;
    private HttpClient _anonymous = null!;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { EnforceRestRateLimits = false, TimeProvider = _time });
        _bot = RestTestClient.Create(_emulator);
        // Interaction callbacks and webhooks are authorized by their token: the test sends no bot token, as clients do.
        _anonymous = RestTestClient.Create(_emulator, token: "");
        await RegisterAsync("""
            {"name":"ask","description":"Ask the bot","options":[
              {"type":3,"name":"prompt","description":"What to ask","required":true,"max_length":100},
              {"type":5,"name":"private","description":"Only you see it"},
              {"type":6,"name":"about","description":"A user"},
              {"type":11,"name":"file","description":"A file"},
              {"type":4,"name":"count","description":"How many","min_value":1,"max_value":5},
              {"type":3,"name":"topic","description":"Topic","autocomplete":true}]}
            """);
        await RegisterAsync("""
            {"name":"config","description":"Settings","options":[{"type":2,"name":"settings","description":"Settings","options":[
              {"type":1,"name":"set","description":"Set one","options":[{"type":3,"name":"key","description":"Key","required":true,"choices":[{"name":"Colour","value":"colour"}]}]}]}]}
            """);
    }

    [TearDown]
    public async Task TearDown()
    {
        _bot.Dispose();
        _anonymous.Dispose();
        await _emulator.DisposeAsync();
    }

    private async Task RegisterAsync(string json)
    {
        using HttpResponseMessage response = await _bot.PostAsync($"v10/applications/{_emulator.ApplicationId}/guilds/{_emulator.DefaultGuildId}/commands", RestTestClient.Json(json));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : RestTestClient.Json(json) };
        using HttpResponseMessage response = await _anonymous.SendAsync(request);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.NoContent ? default : await RestTestClient.ReadJsonAsync(response));
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> CallbackAsync(EmulatorInteraction interaction, string json) =>
        SendAsync(HttpMethod.Post, $"v10/interactions/{interaction.Id}/{interaction.Token}/callback", json);

    private string Webhook(EmulatorInteraction interaction, string suffix = "") => $"v10/webhooks/{_emulator.ApplicationId}/{interaction.Token}{suffix}";

    private Task<EmulatorInteraction> AskAsync(string prompt = "hello") =>
        _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask", new EmulatorCommandOption("prompt", prompt));

    private static void AssertError(HttpStatusCode status, JsonElement body, HttpStatusCode expected, int code)
    {
        Assert.That(status, Is.EqualTo(expected), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(code), body.ToString());
    }

    [Test]
    public async Task InvokeSlashCommand_DispatchesInteractionCreateWithOptionsResolvedAndMember()
    {
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(_emulator);
        await using GatewayTestClient _1 = client;

        EmulatorInteraction interaction = await _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask",
            new EmulatorCommandOption("prompt", "why?"), new EmulatorCommandOption("about", _emulator.BobUserId), new EmulatorCommandOption("file", "notes.txt"),
            new EmulatorCommandOption("count", 3));
        JsonElement d = (await client.WaitForDispatchAsync("INTERACTION_CREATE")).D;

        Assert.That(d.GetProperty("id").GetString(), Is.EqualTo(interaction.Id.ToString()));
        Assert.That(d.GetProperty("token").GetString(), Is.EqualTo(interaction.Token));
        Assert.That(d.GetProperty("type").GetInt32(), Is.EqualTo(2));
        Assert.That(d.GetProperty("application_id").GetString(), Is.EqualTo(_emulator.ApplicationId.ToString()));
        Assert.That(d.GetProperty("guild_id").GetString(), Is.EqualTo(_emulator.DefaultGuildId.ToString()));
        Assert.That(d.GetProperty("channel_id").GetString(), Is.EqualTo(_emulator.DefaultChannelId.ToString()));
        Assert.That(d.GetProperty("member").GetProperty("user").GetProperty("id").GetString(), Is.EqualTo(_emulator.AliceUserId.ToString()));
        Assert.That(d.GetProperty("member").GetProperty("permissions").GetString(), Is.Not.Empty);
        Assert.That(d.GetProperty("version").GetInt32(), Is.EqualTo(1));
        JsonElement data = d.GetProperty("data");
        Assert.That(data.GetProperty("name").GetString(), Is.EqualTo("ask"));
        JsonElement[] options = [.. data.GetProperty("options").EnumerateArray()];
        Assert.That(options.Select(o => o.GetProperty("type").GetInt32()), Is.EqualTo(new[] { 3, 6, 11, 4 }));
        Assert.That(options[0].GetProperty("value").GetString(), Is.EqualTo("why?"));
        Assert.That(options[1].GetProperty("value").GetString(), Is.EqualTo(_emulator.BobUserId.ToString()));
        Assert.That(options[3].GetProperty("value").GetInt64(), Is.EqualTo(3));
        JsonElement resolved = data.GetProperty("resolved");
        Assert.That(resolved.GetProperty("users").GetProperty(_emulator.BobUserId.ToString()).GetProperty("username").GetString(), Is.EqualTo("bob"));
        Assert.That(resolved.GetProperty("members").TryGetProperty(_emulator.BobUserId.ToString(), out _), Is.True);
        Assert.That(resolved.GetProperty("attachments").GetProperty(options[2].GetProperty("value").GetString()!).GetProperty("filename").GetString(), Is.EqualTo("notes.txt"));
    }

    [Test]
    public async Task InvokeSlashCommand_TwoInvocations_GetFreshIdsAndTokens()
    {
        EmulatorInteraction first = await AskAsync();
        EmulatorInteraction second = await AskAsync();

        Assert.That(second.Id, Is.Not.EqualTo(first.Id));
        Assert.That(second.Token, Is.Not.EqualTo(first.Token));
    }

    [Test]
    public async Task InvokeSlashCommand_WhatDiscordsClientWouldNotSend_Throws()
    {
        ulong alice = _emulator.AliceUserId, channel = _emulator.DefaultChannelId;

        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.InvokeSlashCommandAsync(alice, channel, "unknown"));
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.InvokeSlashCommandAsync(alice, channel, "ask"), "prompt is required");
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.InvokeSlashCommandAsync(alice, channel, "ask", new EmulatorCommandOption("prompt", "x"), new EmulatorCommandOption("nope", 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.InvokeSlashCommandAsync(alice, channel, "ask", new EmulatorCommandOption("prompt", "x"), new EmulatorCommandOption("count", 9)), "max_value 5");
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.InvokeSlashCommandAsync(alice, channel, "config",
            EmulatorCommandOption.SubCommand("settings", EmulatorCommandOption.SubCommand("set", new EmulatorCommandOption("key", "size")))), "not one of the choices");
    }

    [Test]
    public async Task InvokeSlashCommand_ValueOfTheWrongType_ThrowsArgumentExceptionNamingIt()
    {
        ulong alice = _emulator.AliceUserId, channel = _emulator.DefaultChannelId;

        ArgumentException? boolean = await Assert.ThrowsAsync<ArgumentException>(() => _emulator.InvokeSlashCommandAsync(alice, channel, "ask",
            new EmulatorCommandOption("prompt", "x"), new EmulatorCommandOption("private", "maybe")));
        ArgumentException? integer = await Assert.ThrowsAsync<ArgumentException>(() => _emulator.InvokeSlashCommandAsync(alice, channel, "ask",
            new EmulatorCommandOption("prompt", "x"), new EmulatorCommandOption("count", "three")));
        ArgumentException? user = await Assert.ThrowsAsync<ArgumentException>(() => _emulator.InvokeSlashCommandAsync(alice, channel, "ask",
            new EmulatorCommandOption("prompt", "x"), new EmulatorCommandOption("about", "bob")));

        Assert.That(boolean!.Message, Does.Contain("'maybe' is not true or false"));
        Assert.That(integer!.Message, Does.Contain("'three' is not a whole number"));
        Assert.That(user!.Message, Does.Contain("'bob' is not an id"));
    }

    [Test]
    public async Task InvokeSlashCommand_SubcommandGroup_NestsOptions()
    {
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(_emulator);
        await using GatewayTestClient _1 = client;

        await _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "config",
            EmulatorCommandOption.SubCommand("settings", EmulatorCommandOption.SubCommand("set", new EmulatorCommandOption("key", "colour"))));
        JsonElement group = (await client.WaitForDispatchAsync("INTERACTION_CREATE")).D.GetProperty("data").GetProperty("options")[0];

        Assert.That(group.GetProperty("type").GetInt32(), Is.EqualTo(2));
        JsonElement sub = group.GetProperty("options")[0];
        Assert.That(sub.GetProperty("name").GetString(), Is.EqualTo("set"));
        Assert.That(sub.GetProperty("options")[0].GetProperty("value").GetString(), Is.EqualTo("colour"));
    }

    [Test]
    public async Task Callback_ChannelMessage_PostsABotMessageEveryoneSeesAndRecordsIt()
    {
        EmulatorInteraction interaction = await AskAsync();

        (HttpStatusCode status, _) = await CallbackAsync(interaction, "{\"type\":4,\"data\":{\"content\":\"Hi <@" + _emulator.BobUserId + ">\",\"allowed_mentions\":{\"parse\":[]}}}");
        EmulatorMessage message = _emulator.BotMessages.Single();
        EmulatorInteractionResponse response = _emulator.InteractionResponses.Single();

        Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(message.Content, Is.EqualTo($"Hi <@{_emulator.BobUserId}>"));
        Assert.That(message.InteractionId, Is.EqualTo(interaction.Id));
        Assert.That(message.IsEphemeral, Is.False);
        Assert.That(message.MentionedUserIds, Is.Empty, "parse: [] pings nobody");
        Assert.That(_emulator.GetChannelMessages(_emulator.DefaultChannelId).Select(m => m.Id), Does.Contain(message.Id));
        Assert.That(response.Kind, Is.EqualTo(EmulatorInteractionResponseKind.Callback));
        Assert.That(response.Type, Is.EqualTo(4));
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(response.MessageId, Is.EqualTo(message.Id));
        Assert.That(response.AllowedMentions!.Parse, Is.Empty);
        Assert.That(interaction.IsAcknowledged, Is.True);
        Assert.That(interaction.OriginalMessageId, Is.EqualTo(message.Id));
    }

    [Test]
    public async Task Callback_EphemeralMessage_OnlyTheInvokerSeesIt()
    {
        EmulatorInteraction interaction = await AskAsync();

        await CallbackAsync(interaction, "{\"type\":4,\"data\":{\"content\":\"secret\",\"flags\":64}}");
        EmulatorMessage message = _emulator.BotMessages.Single();
        using HttpResponseMessage fetched = await _bot.GetAsync($"v10/channels/{_emulator.DefaultChannelId}/messages/{message.Id}");

        Assert.That(message.IsEphemeral, Is.True);
        Assert.That(message.VisibleToUserId, Is.EqualTo(_emulator.AliceUserId));
        Assert.That(_emulator.GetChannelMessages(_emulator.DefaultChannelId), Is.Empty, "not in the channel");
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(_emulator.InteractionResponses.Single().IsEphemeral, Is.True);
    }

    [Test]
    public async Task Callback_AfterThreeSeconds_10062UnknownInteraction()
    {
        EmulatorInteraction interaction = await AskAsync();
        _time.Advance(TimeSpan.FromSeconds(3.1));

        (HttpStatusCode status, JsonElement body) = await CallbackAsync(interaction, "{\"type\":4,\"data\":{\"content\":\"late\"}}");

        AssertError(status, body, HttpStatusCode.NotFound, 10062);
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Unknown interaction"));
        Assert.That(_emulator.BotMessages, Is.Empty);
        Assert.That(_emulator.InteractionResponses.Single().ErrorCode, Is.EqualTo(10062));
        Assert.That(interaction.IsAcknowledged, Is.False);
    }

    [Test]
    public async Task Callback_JustInsideThreeSeconds_IsAccepted()
    {
        EmulatorInteraction interaction = await AskAsync();
        _time.Advance(TimeSpan.FromSeconds(2.9));

        (HttpStatusCode status, _) = await CallbackAsync(interaction, "{\"type\":5}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task Callback_Twice_40060AlreadyAcknowledged()
    {
        EmulatorInteraction interaction = await AskAsync();
        await CallbackAsync(interaction, "{\"type\":5}");

        (HttpStatusCode status, JsonElement body) = await CallbackAsync(interaction, "{\"type\":4,\"data\":{\"content\":\"again\"}}");

        AssertError(status, body, HttpStatusCode.BadRequest, 40060);
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Interaction has already been acknowledged."));
    }

    [Test]
    public async Task Callback_WrongToken_10062()
    {
        EmulatorInteraction interaction = await AskAsync();

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, $"v10/interactions/{interaction.Id}/not-the-token/callback", "{\"type\":5}");

        AssertError(status, body, HttpStatusCode.NotFound, 10062);
    }

    [Test]
    public async Task Callback_BadBodies_50035Or50006()
    {
        EmulatorInteraction tooLong = await AskAsync();
        EmulatorInteraction empty = await AskAsync();
        EmulatorInteraction wrongType = await AskAsync();

        (HttpStatusCode s1, JsonElement b1) = await CallbackAsync(tooLong, "{\"type\":4,\"data\":{\"content\":\"" + new string('x', 2001) + "\"}}");
        (HttpStatusCode s2, JsonElement b2) = await CallbackAsync(empty, "{\"type\":4,\"data\":{}}");
        (HttpStatusCode s3, JsonElement b3) = await CallbackAsync(wrongType, "{\"type\":7,\"data\":{\"content\":\"x\"}}");

        AssertError(s1, b1, HttpStatusCode.BadRequest, 50035);
        Assert.That(b1.GetProperty("errors").GetProperty("data").GetProperty("content").GetProperty("_errors")[0].GetProperty("code").GetString(), Is.EqualTo("BASE_TYPE_MAX_LENGTH"));
        AssertError(s2, b2, HttpStatusCode.BadRequest, 50006);
        AssertError(s3, b3, HttpStatusCode.BadRequest, 50035);
        Assert.That(b3.GetProperty("errors").TryGetProperty("type", out _), Is.True, "UPDATE_MESSAGE needs a component's message");
    }

    [Test]
    public async Task Callback_TwoComponentsWithOneCustomId_50035Duplicated()
    {
        // Discord refuses a message whose components share a custom_id, disabled ones included (discord-api-docs#3673):
        // a pager's two "first page" buttons must differ.
        EmulatorInteraction interaction = await AskAsync();
        const string row = """{"type":1,"components":[{"type":2,"style":1,"label":"First","custom_id":"page:0"},{"type":2,"style":1,"label":"Also first","custom_id":"page:0","disabled":true}]}""";

        (HttpStatusCode status, JsonElement body) = await CallbackAsync(interaction, "{\"type\":4,\"data\":{\"content\":\"p\",\"components\":[" + row + "]}}");

        AssertError(status, body, HttpStatusCode.BadRequest, 50035);
        JsonElement error = body.GetProperty("errors").GetProperty("data").GetProperty("components").GetProperty("0").GetProperty("components").GetProperty("1")
            .GetProperty("custom_id").GetProperty("_errors")[0];
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("COMPONENT_CUSTOM_ID_DUPLICATED"));
        Assert.That(_emulator.BotMessages, Is.Empty);
    }

    [TestCase("""{"type":2,"style":1,"label":"ok","custom_id":"LONGID"}""", "custom_id", TestName = "Callback_InvalidComponent_50035(custom_id over 100)")]
    [TestCase("""{"type":2,"style":1,"label":"LONGLABEL","custom_id":"b"}""", "label", TestName = "Callback_InvalidComponent_50035(label over 80)")]
    [TestCase("""{"type":2,"style":1,"label":"no id"}""", "custom_id", TestName = "Callback_InvalidComponent_50035(button without custom_id)")]
    [TestCase("""{"type":2,"style":5,"label":"link","custom_id":"b"}""", "url", TestName = "Callback_InvalidComponent_50035(link without url)")]
    [TestCase("""{"type":4,"style":1,"label":"text","custom_id":"t"}""", "type", TestName = "Callback_InvalidComponent_50035(text input in a message)")]
    [TestCase("""{"type":3,"custom_id":"s","options":[{"label":"LONGLABEL","value":"v"}]}""", "options", TestName = "Callback_InvalidComponent_50035(option label over 100)")]
    [TestCase("""{"type":3,"custom_id":"s","options":[{"label":"A","value":"a"}],"min_values":-1}""", "min_values", TestName = "Callback_InvalidComponent_50035(min_values below 0)")]
    [TestCase("""{"type":5,"custom_id":"s","min_values":26,"max_values":25}""", "min_values", TestName = "Callback_InvalidComponent_50035(min_values over 25)")]
    [TestCase("""{"type":6,"custom_id":"s","max_values":0}""", "max_values", TestName = "Callback_InvalidComponent_50035(max_values below 1)")]
    [TestCase("""{"type":7,"custom_id":"s","max_values":26}""", "max_values", TestName = "Callback_InvalidComponent_50035(max_values over 25)")]
    [TestCase("""{"type":8,"custom_id":"s","min_values":3,"max_values":2}""", "min_values", TestName = "Callback_InvalidComponent_50035(min_values over max_values)")]
    [TestCase("""{"type":3,"custom_id":"s","options":[{"label":"A","value":"a"}],"min_values":2}""", "min_values", TestName = "Callback_InvalidComponent_50035(min_values over the default max)")]
    [TestCase("""{"type":8,"custom_id":"s","channel_types":[0,99]}""", "channel_types", TestName = "Callback_InvalidComponent_50035(unknown channel type)")]
    [TestCase("""{"type":5,"custom_id":"s","channel_types":[0]}""", "channel_types", TestName = "Callback_InvalidComponent_50035(channel_types on a user select)")]
    public async Task Callback_InvalidComponent_50035(string component, string field)
    {
        EmulatorInteraction interaction = await AskAsync();
        component = component.Replace("LONGID", new string('i', 101), StringComparison.Ordinal).Replace("LONGLABEL", new string('l', 101), StringComparison.Ordinal);

        (HttpStatusCode status, JsonElement body) = await CallbackAsync(interaction, "{\"type\":4,\"data\":{\"content\":\"p\",\"components\":[{\"type\":1,\"components\":[" + component + "]}]}}");

        AssertError(status, body, HttpStatusCode.BadRequest, 50035);
        Assert.That(body.GetProperty("errors").GetProperty("data").GetProperty("components").GetProperty("0").GetProperty("components").GetProperty("0")
            .TryGetProperty(field, out _), Is.True, body.ToString());
    }

    [Test]
    public async Task ChannelMessage_SelectMenuBesideAButton_50035()
    {
        const string row = """{"type":1,"components":[{"type":3,"custom_id":"s","options":[{"label":"A","value":"a"}]},{"type":2,"style":1,"label":"Go","custom_id":"go"}]}""";

        using HttpResponseMessage response = await _bot.PostAsync($"v10/channels/{_emulator.DefaultChannelId}/messages",
            RestTestClient.Json("{\"content\":\"choose\",\"components\":[" + row + "]}"));

        AssertError(response.StatusCode, await RestTestClient.ReadJsonAsync(response), HttpStatusCode.BadRequest, 50035);
        Assert.That(_emulator.BotMessages, Is.Empty);
    }

    [Test]
    public async Task Deferred_ThenEditOriginal_ReplacesTheThinkingMessage()
    {
        EmulatorInteraction interaction = await AskAsync();

        await CallbackAsync(interaction, "{\"type\":5}");
        EmulatorMessage thinking = _emulator.BotMessages.Single();
        bool wasLoading = thinking.IsLoading;
        _time.Advance(TimeSpan.FromMinutes(5));
        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Patch, Webhook(interaction, "/messages/@original"), "{\"content\":\"the answer\",\"allowed_mentions\":{\"parse\":[]}}");

        Assert.That(wasLoading, Is.True);
        Assert.That(interaction.IsDeferred, Is.False);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("id").GetString(), Is.EqualTo(thinking.Id.ToString()));
        Assert.That(body.GetProperty("content").GetString(), Is.EqualTo("the answer"));
        Assert.That(thinking.Content, Is.EqualTo("the answer"));
        Assert.That(thinking.IsLoading, Is.False);
        Assert.That(_emulator.InteractionResponses.Select(r => r.Kind), Is.EqualTo(new[] { EmulatorInteractionResponseKind.Callback, EmulatorInteractionResponseKind.EditOriginal }));
    }

    [Test]
    public async Task DeferredEphemeral_StaysEphemeralAfterTheEdit()
    {
        EmulatorInteraction interaction = await AskAsync();

        await CallbackAsync(interaction, "{\"type\":5,\"data\":{\"flags\":64}}");
        await SendAsync(HttpMethod.Patch, Webhook(interaction, "/messages/@original"), "{\"content\":\"just for you\"}");

        Assert.That(_emulator.BotMessages.Single().IsEphemeral, Is.True);
        Assert.That(_emulator.GetChannelMessages(_emulator.DefaultChannelId), Is.Empty);
    }

    [Test]
    public async Task GetOriginal_ReturnsTheResponseMessage()
    {
        EmulatorInteraction interaction = await AskAsync();
        await CallbackAsync(interaction, "{\"type\":4,\"data\":{\"content\":\"first\"}}");

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Get, Webhook(interaction, "/messages/@original"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("content").GetString(), Is.EqualTo("first"));
        Assert.That(body.GetProperty("webhook_id").GetString(), Is.EqualTo(_emulator.ApplicationId.ToString()));
        Assert.That(body.GetProperty("interaction_metadata").GetProperty("id").GetString(), Is.EqualTo(interaction.Id.ToString()));
    }

    [Test]
    public async Task Followups_CreateEditDelete_AddressTheirOwnMessages()
    {
        EmulatorInteraction interaction = await AskAsync();
        await CallbackAsync(interaction, "{\"type\":4,\"data\":{\"content\":\"part 1\"}}");

        (HttpStatusCode createStatus, JsonElement created) = await SendAsync(HttpMethod.Post, Webhook(interaction, "?wait=true"), "{\"content\":\"part 2\",\"flags\":64}");
        string id = created.GetProperty("id").GetString()!;
        (HttpStatusCode editStatus, JsonElement edited) = await SendAsync(HttpMethod.Patch, Webhook(interaction, "/messages/" + id), "{\"content\":\"part 2, edited\"}");
        (HttpStatusCode deleteStatus, _) = await SendAsync(HttpMethod.Delete, Webhook(interaction, "/messages/" + id));
        (HttpStatusCode foreignStatus, JsonElement foreign) = await SendAsync(HttpMethod.Patch, Webhook(interaction, "/messages/12345"), "{\"content\":\"x\"}");

        Assert.That(createStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(created.GetProperty("flags").GetInt32() & 64, Is.EqualTo(64));
        Assert.That(interaction.FollowupMessageIds.Single().ToString(), Is.EqualTo(id));
        Assert.That(editStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(edited.GetProperty("content").GetString(), Is.EqualTo("part 2, edited"));
        Assert.That(deleteStatus, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(_emulator.FindMessage(ulong.Parse(id))!.IsDeleted, Is.True);
        AssertError(foreignStatus, foreign, HttpStatusCode.NotFound, 10008);
    }

    [Test]
    public async Task FirstFollowupAfterDefer_EditsTheThinkingMessage()
    {
        EmulatorInteraction interaction = await AskAsync();
        await CallbackAsync(interaction, "{\"type\":5}");

        (_, JsonElement followup) = await SendAsync(HttpMethod.Post, Webhook(interaction, "?wait=true"), "{\"content\":\"done\"}");
        (_, JsonElement second) = await SendAsync(HttpMethod.Post, Webhook(interaction, "?wait=true"), "{\"content\":\"more\"}");

        Assert.That(followup.GetProperty("id").GetString(), Is.EqualTo(interaction.OriginalMessageId.ToString()));
        Assert.That(second.GetProperty("id").GetString(), Is.Not.EqualTo(interaction.OriginalMessageId.ToString()));
        Assert.That(_emulator.BotMessages.Select(m => m.Content), Is.EqualTo(new[] { "done", "more" }));
    }

    [Test]
    public async Task Webhook_BeforeTheFirstAnswer_10015UnknownWebhook()
    {
        EmulatorInteraction interaction = await AskAsync();

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, Webhook(interaction), "{\"content\":\"too early\"}");

        AssertError(status, body, HttpStatusCode.NotFound, 10015);
    }

    [Test]
    public async Task Webhook_After15Minutes_401InvalidWebhookToken()
    {
        EmulatorInteraction interaction = await AskAsync();
        await CallbackAsync(interaction, "{\"type\":5}");
        _time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        (HttpStatusCode editStatus, JsonElement edit) = await SendAsync(HttpMethod.Patch, Webhook(interaction, "/messages/@original"), "{\"content\":\"too late\"}");
        (HttpStatusCode followStatus, JsonElement follow) = await SendAsync(HttpMethod.Post, Webhook(interaction), "{\"content\":\"too late\"}");

        AssertError(editStatus, edit, HttpStatusCode.Unauthorized, 50027);
        Assert.That(edit.GetProperty("message").GetString(), Is.EqualTo("Invalid Webhook Token"));
        AssertError(followStatus, follow, HttpStatusCode.Unauthorized, 50027);
    }

    [Test]
    public async Task Webhook_WrongApplicationId_10015()
    {
        EmulatorInteraction interaction = await AskAsync();
        await CallbackAsync(interaction, "{\"type\":5}");

        (HttpStatusCode status, JsonElement body) = await SendAsync(HttpMethod.Post, $"v10/webhooks/1/{interaction.Token}", "{\"content\":\"x\"}");

        AssertError(status, body, HttpStatusCode.NotFound, 10015);
    }

    private async Task<EmulatorMessage> PostComponentsAsync()
    {
        const string components = """
            [{"type":1,"components":[{"type":2,"style":1,"label":"Again","custom_id":"regen"},{"type":2,"style":2,"label":"Off","custom_id":"off","disabled":true}]},
             {"type":1,"components":[{"type":3,"custom_id":"pick","options":[{"label":"A","value":"a"},{"label":"B","value":"b"}],"max_values":2}]},
             {"type":1,"components":[{"type":5,"custom_id":"who"}]}]
            """;
        using HttpResponseMessage response = await _bot.PostAsync($"v10/channels/{_emulator.DefaultChannelId}/messages",
            RestTestClient.Json("{\"content\":\"choose\",\"components\":" + components + "}"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return _emulator.BotMessages.Single();
    }

    [Test]
    public async Task ClickButton_DispatchesComponentInteraction_AndUpdateMessageEditsIt()
    {
        EmulatorMessage message = await PostComponentsAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(_emulator);
        await using GatewayTestClient _1 = client;

        EmulatorInteraction click = await _emulator.ClickButtonAsync(_emulator.BobUserId, message.Id, "regen");
        JsonElement d = (await client.WaitForDispatchAsync("INTERACTION_CREATE")).D;
        (HttpStatusCode status, _) = await CallbackAsync(click, "{\"type\":7,\"data\":{\"content\":\"regenerated\",\"components\":[]}}");

        Assert.That(message.ComponentCustomIds, Is.Empty, "the update removed the buttons");
        Assert.That(d.GetProperty("type").GetInt32(), Is.EqualTo(3));
        Assert.That(d.GetProperty("data").GetProperty("custom_id").GetString(), Is.EqualTo("regen"));
        Assert.That(d.GetProperty("data").GetProperty("component_type").GetInt32(), Is.EqualTo(2));
        Assert.That(d.GetProperty("message").GetProperty("id").GetString(), Is.EqualTo(message.Id.ToString()));
        Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(message.Content, Is.EqualTo("regenerated"));
        Assert.That(click.OriginalMessageId, Is.EqualTo(message.Id));
    }

    [Test]
    public async Task Components_WhatAUserCannotDo_Throws()
    {
        EmulatorMessage message = await PostComponentsAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.ClickButtonAsync(_emulator.BobUserId, message.Id, "off"), "disabled");
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.ClickButtonAsync(_emulator.BobUserId, message.Id, "missing"));
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.SelectMenuAsync(_emulator.BobUserId, message.Id, "pick", "c"), "not offered");
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.SelectMenuAsync(_emulator.BobUserId, message.Id, "pick", "a", "b", "a"), "max_values 2");
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.ClickButtonAsync(_emulator.BobUserId, 42, "regen"));
    }

    [Test]
    public async Task ClickButton_UnknownCustomId_NamesTheIdsOnTheMessage()
    {
        EmulatorMessage message = await PostComponentsAsync();

        ArgumentException? refused = await Assert.ThrowsAsync<ArgumentException>(() => _emulator.ClickButtonAsync(_emulator.BobUserId, message.Id, "missing"));

        Assert.That(refused!.Message, Does.Contain("'missing'").And.Contain("'regen'").And.Contain("'pick'"));
    }

    [Test]
    public async Task SelectMenus_CarryValuesAndResolveEntities()
    {
        EmulatorMessage message = await PostComponentsAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(_emulator);
        await using GatewayTestClient _1 = client;

        await _emulator.SelectMenuAsync(_emulator.BobUserId, message.Id, "pick", "a", "b");
        JsonElement pick = (await client.WaitForDispatchAsync("INTERACTION_CREATE")).D.GetProperty("data");
        await _emulator.SelectMenuAsync(_emulator.BobUserId, message.Id, "who", _emulator.AliceUserId.ToString());
        JsonElement who = (await client.WaitForAsync(f => f.T == "INTERACTION_CREATE" && f.D.GetProperty("data").GetProperty("custom_id").GetString() == "who")).D.GetProperty("data");

        Assert.That(pick.GetProperty("values").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(pick.GetProperty("component_type").GetInt32(), Is.EqualTo(3));
        Assert.That(who.GetProperty("resolved").GetProperty("users").TryGetProperty(_emulator.AliceUserId.ToString(), out _), Is.True);
    }

    [Test]
    public async Task SelectMenus_EachKind_RoundTripsWithResolvedData()
    {
        ulong thread = _emulator.CreateThread(_emulator.DefaultChannelId, "side");
        const string components = """
            [{"type":1,"components":[{"type":5,"custom_id":"users","max_values":2}]},
             {"type":1,"components":[{"type":6,"custom_id":"roles"}]},
             {"type":1,"components":[{"type":7,"custom_id":"any","max_values":2}]},
             {"type":1,"components":[{"type":8,"custom_id":"where","channel_types":[11]}]},
             {"type":1,"components":[{"type":3,"custom_id":"maybe","min_values":0,"options":[{"label":"A","value":"a"}]}]}]
            """;
        using HttpResponseMessage posted = await _bot.PostAsync($"v10/channels/{_emulator.DefaultChannelId}/messages",
            RestTestClient.Json("{\"content\":\"choose\",\"components\":" + components + "}"));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await posted.Content.ReadAsStringAsync());
        EmulatorMessage message = _emulator.BotMessages.Single();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(_emulator);
        await using GatewayTestClient _1 = client;
        string alice = _emulator.AliceUserId.ToString(), bob = _emulator.BobUserId.ToString(), moderators = _emulator.ModeratorRoleId.ToString();

        async Task<JsonElement> PickAsync(string customId, params string[] values)
        {
            await _emulator.SelectMenuAsync(_emulator.OwnerUserId, message.Id, customId, values);
            return (await client.WaitForAsync(f => f.T == "INTERACTION_CREATE" && f.D.GetProperty("data").GetProperty("custom_id").GetString() == customId)).D.GetProperty("data");
        }

        JsonElement users = await PickAsync("users", alice, bob);
        JsonElement roles = await PickAsync("roles", moderators);
        JsonElement any = await PickAsync("any", moderators, alice);
        JsonElement where = await PickAsync("where", thread.ToString());
        JsonElement none = await PickAsync("maybe");

        static IEnumerable<string> Keys(JsonElement data, string kind) => data.GetProperty("resolved").GetProperty(kind).EnumerateObject().Select(p => p.Name).Order();
        Assert.That((users.GetProperty("component_type").GetInt32(), roles.GetProperty("component_type").GetInt32(), any.GetProperty("component_type").GetInt32(), where.GetProperty("component_type").GetInt32()),
            Is.EqualTo((5, 6, 7, 8)));
        Assert.That(users.GetProperty("values").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { alice, bob }));
        Assert.That(Keys(users, "users"), Is.EqualTo(new[] { alice, bob }.Order()));
        Assert.That(Keys(users, "members"), Is.EqualTo(new[] { alice, bob }.Order()), "picked in a guild: members come with the users");
        Assert.That(roles.GetProperty("resolved").GetProperty("roles").GetProperty(moderators).GetProperty("name").GetString(), Is.EqualTo("Moderators"));
        Assert.That((Keys(any, "roles").Single(), Keys(any, "users").Single()), Is.EqualTo((moderators, alice)));
        Assert.That(where.GetProperty("resolved").GetProperty("channels").GetProperty(thread.ToString()).GetProperty("type").GetInt32(), Is.EqualTo(11));
        Assert.That(none.GetProperty("values").GetArrayLength(), Is.Zero, "min_values 0: the user cleared the menu");
    }

    [Test]
    public async Task ChannelSelect_AChannelOfATypeNotOffered_CannotBePicked()
    {
        const string components = """[{"type":1,"components":[{"type":8,"custom_id":"where","channel_types":[11]}]}]""";
        using HttpResponseMessage posted = await _bot.PostAsync($"v10/channels/{_emulator.DefaultChannelId}/messages",
            RestTestClient.Json("{\"content\":\"choose\",\"components\":" + components + "}"));
        EmulatorMessage message = _emulator.BotMessages.Single();

        ArgumentException? refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            _emulator.SelectMenuAsync(_emulator.BobUserId, message.Id, "where", _emulator.DefaultChannelId.ToString()));

        Assert.That(refused!.Message, Does.Contain("types 11").And.Contain("type 0"));
    }

    [Test]
    public async Task Modal_OpenedBySlashCommand_SubmittedWithValues()
    {
        EmulatorInteraction ask = await AskAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(_emulator);
        await using GatewayTestClient _1 = client;

        (HttpStatusCode status, _) = await CallbackAsync(ask, """
            {"type":9,"data":{"custom_id":"ask-modal","title":"Ask","components":[{"type":1,"components":[{"type":4,"custom_id":"prompt","label":"Prompt","style":2}]}]}}
            """);
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.SubmitModalAsync(ask, new Dictionary<string, string>()), "prompt is required");
        EmulatorInteraction submit = await _emulator.SubmitModalAsync(ask, new Dictionary<string, string> { ["prompt"] = "a long question" });
        JsonElement d = (await client.WaitForDispatchAsync("INTERACTION_CREATE")).D;
        (HttpStatusCode answer, _) = await CallbackAsync(submit, "{\"type\":4,\"data\":{\"content\":\"answered\"}}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(_emulator.InteractionResponses[0].ModalCustomId, Is.EqualTo("ask-modal"));
        Assert.That(d.GetProperty("type").GetInt32(), Is.EqualTo(5));
        Assert.That(d.GetProperty("data").GetProperty("custom_id").GetString(), Is.EqualTo("ask-modal"));
        JsonElement input = d.GetProperty("data").GetProperty("components")[0].GetProperty("components")[0];
        Assert.That(input.GetProperty("custom_id").GetString(), Is.EqualTo("prompt"));
        Assert.That(input.GetProperty("value").GetString(), Is.EqualTo("a long question"));
        Assert.That(answer, Is.EqualTo(HttpStatusCode.NoContent));
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.SubmitModalAsync(ask, new Dictionary<string, string> { ["prompt"] = "again" }), "a modal is submitted once");
    }

    [Test]
    public async Task Modal_WithoutTextInputs_50035()
    {
        EmulatorInteraction ask = await AskAsync();

        (HttpStatusCode status, JsonElement body) = await CallbackAsync(ask, "{\"type\":9,\"data\":{\"custom_id\":\"m\",\"title\":\"T\",\"components\":[]}}");

        AssertError(status, body, HttpStatusCode.BadRequest, 50035);
    }

    [TestCase("label", "\"LONG46\"", TestName = "Modal_TextInputOverDiscordsLimits_50035(label over 45)")]
    [TestCase("max_length", "4001", TestName = "Modal_TextInputOverDiscordsLimits_50035(max_length over 4000)")]
    [TestCase("value", "\"LONG4001\"", TestName = "Modal_TextInputOverDiscordsLimits_50035(value over 4000)")]
    [TestCase("custom_id", "\"a\"", TestName = "Modal_TextInputOverDiscordsLimits_50035(custom_id twice)")]
    public async Task Modal_TextInputOverDiscordsLimits_50035(string field, string json)
    {
        EmulatorInteraction ask = await AskAsync();
        json = json.Replace("LONG46", new string('l', 46), StringComparison.Ordinal).Replace("LONG4001", new string('v', 4001), StringComparison.Ordinal);
        string second = (field == "custom_id" ? """{"type":4,"style":1,"label":"B",""" : """{"type":4,"custom_id":"b","style":1,""" + (field == "label" ? "" : "\"label\":\"B\",")) + "\"" + field + "\":" + json + "}";

        (HttpStatusCode status, JsonElement body) = await CallbackAsync(ask, """{"type":9,"data":{"custom_id":"m","title":"T","components":[""" +
            """{"type":1,"components":[{"type":4,"custom_id":"a","style":1,"label":"A"}]},{"type":1,"components":[""" + second + "]}]}}");

        AssertError(status, body, HttpStatusCode.BadRequest, 50035);
        Assert.That(body.GetProperty("errors").GetProperty("data").GetProperty("components").GetProperty("1").GetProperty("components").GetProperty("0")
            .TryGetProperty(field, out _), Is.True, body.ToString());
    }

    [Test]
    public async Task Autocomplete_FocusedOption_AnsweredWithChoices()
    {
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(_emulator);
        await using GatewayTestClient _1 = client;

        EmulatorInteraction typing = await _emulator.TypeForAutocompleteAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask",
            new EmulatorCommandOption("prompt", "x"), new EmulatorCommandOption("topic", "ga") { Focused = true });
        JsonElement d = (await client.WaitForDispatchAsync("INTERACTION_CREATE")).D;
        (HttpStatusCode wrong, JsonElement wrongBody) = await CallbackAsync(typing, "{\"type\":4,\"data\":{\"content\":\"no\"}}");
        (HttpStatusCode status, _) = await CallbackAsync(typing, "{\"type\":8,\"data\":{\"choices\":[{\"name\":\"games\",\"value\":\"games\"},{\"name\":\"Gardening (2 posts)\",\"value\":\"gardening\"}]}}");

        Assert.That(d.GetProperty("type").GetInt32(), Is.EqualTo(4));
        JsonElement focused = d.GetProperty("data").GetProperty("options").EnumerateArray().Single(o => o.TryGetProperty("focused", out JsonElement f) && f.GetBoolean());
        Assert.That(focused.GetProperty("value").GetString(), Is.EqualTo("ga"));
        AssertError(wrong, wrongBody, HttpStatusCode.BadRequest, 50035);
        Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(_emulator.InteractionResponses[^1].ChoiceNames, Is.EqualTo(new[] { "games", "Gardening (2 posts)" }));
        Assert.That(_emulator.InteractionResponses[^1].ChoiceValues, Is.EqualTo(new[] { "\"games\"", "\"gardening\"" }), "what the client sends when one is picked");
        Assert.That(_emulator.GetSlashCommandOptions(_emulator.DefaultChannelId, "ask")!.Where(o => o.IsAutocomplete).Select(o => o.Name), Is.EqualTo(new[] { "topic" }));
        await Assert.ThrowsAsync<ArgumentException>(() => _emulator.TypeForAutocompleteAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask",
            new EmulatorCommandOption("prompt", "x") { Focused = true }), "prompt is not an autocomplete option");
    }

    [Test]
    public async Task Autocomplete_SuggestionOver100Characters_50035()
    {
        EmulatorInteraction longName = await _emulator.TypeForAutocompleteAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask",
            new EmulatorCommandOption("prompt", "x"), new EmulatorCommandOption("topic", "ga") { Focused = true });
        EmulatorInteraction longValue = await _emulator.TypeForAutocompleteAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask",
            new EmulatorCommandOption("prompt", "x"), new EmulatorCommandOption("topic", "ga") { Focused = true });

        (HttpStatusCode s1, JsonElement b1) = await CallbackAsync(longName, "{\"type\":8,\"data\":{\"choices\":[{\"name\":\"games\",\"value\":\"g\"},{\"name\":\"" + new string('n', 101) + "\",\"value\":\"n\"}]}}");
        (HttpStatusCode s2, JsonElement b2) = await CallbackAsync(longValue, "{\"type\":8,\"data\":{\"choices\":[{\"name\":\"games\",\"value\":\"" + new string('v', 101) + "\"}]}}");

        AssertError(s1, b1, HttpStatusCode.BadRequest, 50035);
        Assert.That(b1.GetProperty("errors").GetProperty("data").GetProperty("choices").GetProperty("1").TryGetProperty("name", out _), Is.True, b1.ToString());
        AssertError(s2, b2, HttpStatusCode.BadRequest, 50035);
        Assert.That(b2.GetProperty("errors").GetProperty("data").GetProperty("choices").GetProperty("0").TryGetProperty("value", out _), Is.True, b2.ToString());
    }

    [Test]
    public async Task InteractionRoutes_AreNotCountedAgainstTheGlobalLimit()
    {
        await using DiscordEmulator limited = await DiscordEmulator.StartAsync(new EmulatorOptions { GlobalRateLimitPerSecond = 1, TimeProvider = _time });
        using HttpClient anonymous = RestTestClient.Create(limited, token: "");
        using HttpClient bot = RestTestClient.Create(limited);
        using (HttpResponseMessage register = await bot.PostAsync($"v10/applications/{limited.ApplicationId}/commands", RestTestClient.Json("{\"name\":\"ping\",\"description\":\"Ping\"}")))
        {
            Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        EmulatorInteraction interaction = await limited.InvokeSlashCommandAsync(limited.AliceUserId, limited.DefaultChannelId, "ping");
        using HttpResponseMessage callback = await anonymous.PostAsync($"v10/interactions/{interaction.Id}/{interaction.Token}/callback", RestTestClient.Json("{\"type\":4,\"data\":{\"content\":\"pong\"}}"));
        using HttpResponseMessage followup = await anonymous.PostAsync($"v10/webhooks/{limited.ApplicationId}/{interaction.Token}", RestTestClient.Json("{\"content\":\"again\"}"));

        Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(followup.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }
}
