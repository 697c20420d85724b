using System.Net;
using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Rest;

public sealed class RestMessageTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, string json)
    {
        using HttpResponseMessage response = await http.PostAsync(path, RestTestClient.Json(json));
        return (response.StatusCode, await RestTestClient.ReadJsonAsync(response));
    }

    [Test]
    public async Task CreateMessage_Valid_ReturnsWholeMessageAndRecordsAllowedMentions()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        (HttpStatusCode status, JsonElement body) = await PostAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages",
            $"{{\"content\":\"hello <@{emulator.AliceUserId}>\",\"allowed_mentions\":{{\"parse\":[]}},\"nonce\":\"n1\"}}");
        EmulatorMessage sent = emulator.BotMessages.Single();

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("id").GetString(), Is.EqualTo(sent.Id.ToString()));
        Assert.That(body.GetProperty("channel_id").GetString(), Is.EqualTo(emulator.DefaultChannelId.ToString()));
        Assert.That(body.GetProperty("author").GetProperty("id").GetString(), Is.EqualTo(emulator.BotUserId.ToString()));
        Assert.That(body.GetProperty("timestamp").GetString(), Does.EndWith("+00:00"));
        Assert.That(body.GetProperty("nonce").GetString(), Is.EqualTo("n1"));
        Assert.That(body.GetProperty("mentions").GetArrayLength(), Is.Zero, "parse: [] pings nobody");
        Assert.That(sent.Content, Is.EqualTo($"hello <@{emulator.AliceUserId}>"));
        Assert.That(sent.AllowedMentions!.Parse, Is.Empty);
        Assert.That(sent.SentByBot, Is.True);
    }

    /// <summary>Discord's upload shape: the JSON as payload_json, file n as files[n].</summary>
    private static MultipartFormDataContent Upload(string json, params (string Name, string Text, string Type)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(json, System.Text.Encoding.UTF8, "application/json"), "payload_json" } };
        for (int i = 0; i < files.Length; i++)
        {
            var part = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(files[i].Text));
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(files[i].Type);
            form.Add(part, $"files[{i}]", files[i].Name);
        }

        return form;
    }

    [Test]
    public async Task CreateMessage_WithFiles_TheyBecomeItsAttachments()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        using MultipartFormDataContent upload = Upload(
            "{\"content\":\"two files\",\"attachments\":[{\"id\":0,\"filename\":\"notes.txt\"},{\"id\":1,\"filename\":\"data.json\"}]}",
            ("notes.txt", "hello", "text/plain"), ("data.json", "{\"a\":1}", "application/json"));

        using HttpResponseMessage response = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages", upload);
        JsonElement body = await RestTestClient.ReadJsonAsync(response);
        EmulatorMessage sent = emulator.BotMessages.Single();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(sent.Attachments.Select(a => (a.FileName, a.Size, a.ContentType)),
            Is.EqualTo(new[] { ("notes.txt", 5, (string?)"text/plain"), ("data.json", 7, (string?)"application/json") }));
        JsonElement first = body.GetProperty("attachments")[0];
        Assert.That(first.GetProperty("id").GetString(), Is.EqualTo(sent.Attachments[0].Id.ToString()));
        Assert.That(first.GetProperty("filename").GetString(), Is.EqualTo("notes.txt"));
        Assert.That(first.GetProperty("size").GetInt32(), Is.EqualTo(5));
        Assert.That(first.GetProperty("url").GetString(), Is.EqualTo($"https://cdn.discordapp.com/attachments/{emulator.DefaultChannelId}/{sent.Attachments[0].Id}/notes.txt"));
        Assert.That(emulator.FindMessage(sent.Id)!.Attachments, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task CreateMessage_OnlyAFile_IsNotEmpty()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        using MultipartFormDataContent upload = Upload("{}", ("a.txt", "x", "text/plain"));

        using HttpResponseMessage response = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages", upload);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(emulator.BotMessages.Single().Attachments.Single().FileName, Is.EqualTo("a.txt"));
    }

    [Test]
    public async Task EditMessage_AttachmentsListsWhatStays_NewFilesAreAdded_AbsentKeepsAll()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        using MultipartFormDataContent upload = Upload("{\"content\":\"v1\"}", ("a.txt", "a", "text/plain"), ("b.txt", "bb", "text/plain"));
        using HttpResponseMessage created = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages", upload);
        EmulatorMessage message = emulator.BotMessages.Single();
        ulong keep = message.Attachments[1].Id;
        string path = $"v10/channels/{emulator.DefaultChannelId}/messages/{message.Id}";

        using HttpResponseMessage untouched = await http.PatchAsync(path, RestTestClient.Json("{\"content\":\"v2\"}"));
        string[] afterTextEdit = [.. message.Attachments.Select(a => a.FileName)];
        using MultipartFormDataContent replace = Upload($"{{\"attachments\":[{{\"id\":\"{keep}\"}},{{\"id\":0,\"filename\":\"c.txt\"}}]}}", ("c.txt", "ccc", "text/plain"));
        using HttpResponseMessage replaced = await http.PatchAsync(path, replace);
        string[] afterReplace = [.. message.Attachments.Select(a => a.FileName)];
        using HttpResponseMessage cleared = await http.PatchAsync(path, RestTestClient.Json("{\"attachments\":[]}"));

        Assert.That((untouched.StatusCode, replaced.StatusCode, cleared.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(afterTextEdit, Is.EqualTo(new[] { "a.txt", "b.txt" }), "an edit without attachments keeps them all");
        Assert.That(afterReplace, Is.EqualTo(new[] { "b.txt", "c.txt" }), "only the listed one stays; the new file is added");
        Assert.That(message.Attachments, Is.Empty, "an empty list removes them all");
    }

    [Test]
    public async Task CreateMessage_ReferenceIdAsNumber_IsAcceptedAsReply()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        EmulatorMessage original = await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "question");

        (HttpStatusCode status, JsonElement body) = await PostAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages",
            $"{{\"content\":\"answer\",\"allowed_mentions\":null,\"message_reference\":{{\"message_id\":{original.Id}}}}}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("message_reference").GetProperty("message_id").GetString(), Is.EqualTo(original.Id.ToString()));
        Assert.That(body.GetProperty("referenced_message").GetProperty("id").GetString(), Is.EqualTo(original.Id.ToString()));
        Assert.That(emulator.BotMessages.Single().ReferencedMessageId, Is.EqualTo(original.Id));
    }

    [Test]
    public async Task CreateMessage_UnknownReference_400With50035()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        (HttpStatusCode status, JsonElement body) = await PostAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages",
            "{\"content\":\"answer\",\"message_reference\":{\"message_id\":\"123\"}}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(50035));
        Assert.That(body.GetProperty("errors").TryGetProperty("message_reference", out _), Is.True);
    }

    [TestCase("{\"content\":\"\"}")]
    [TestCase("{}")]
    [TestCase("")]
    public async Task CreateMessage_Empty_400With50006(string json)
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        (HttpStatusCode status, JsonElement body) = await PostAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages", json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(50006));
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Cannot send an empty message"));
        Assert.That(emulator.BotMessages, Is.Empty);
    }

    [Test]
    public async Task CreateMessage_Over2000Characters_400With50035ContentError()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        (HttpStatusCode status, JsonElement body) = await PostAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages",
            "{\"content\":\"" + new string('a', 2001) + "\"}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(50035));
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Invalid Form Body"));
        Assert.That(body.GetProperty("errors").GetProperty("content").GetProperty("_errors")[0].GetProperty("code").GetString(), Is.EqualTo("BASE_TYPE_MAX_LENGTH"));
    }

    [TestCase("{\"content\":")]
    [TestCase("{\"content\":{\"a\":1}}")]
    [TestCase("[1,2]")]
    public async Task CreateMessage_MalformedBody_400With50035(string json)
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        (HttpStatusCode status, JsonElement body) = await PostAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages", json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(50035));
        Assert.That(body.GetProperty("errors").ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task CreateMessage_ParseUsersAndUsersList_400With50035()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        (HttpStatusCode status, JsonElement body) = await PostAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages",
            "{\"content\":\"x\",\"allowed_mentions\":{\"parse\":[\"users\"],\"users\":[\"1\"]}}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("errors").TryGetProperty("allowed_mentions", out _), Is.True);
    }

    [Test]
    public async Task UnknownChannel_404With10003()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        (HttpStatusCode status, JsonElement body) = await PostAsync(http, "v10/channels/123/messages", "{\"content\":\"x\"}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(10003));
    }

    [Test]
    public async Task UnknownMessage_404With10008()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage get = await http.GetAsync($"v10/channels/{emulator.DefaultChannelId}/messages/123");
        using HttpResponseMessage patch = await http.PatchAsync($"v10/channels/{emulator.DefaultChannelId}/messages/123", RestTestClient.Json("{\"content\":\"x\"}"));
        using HttpResponseMessage delete = await http.DeleteAsync($"v10/channels/{emulator.DefaultChannelId}/messages/123");

        foreach (HttpResponseMessage r in new[] { get, patch, delete })
        {
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await RestTestClient.ReadJsonAsync(r)).GetProperty("code").GetInt32(), Is.EqualTo(10008));
        }
    }

    [Test]
    public async Task EditThenDelete_UpdatesStoredMessageAndDispatchesUpdateAndDelete()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;
        using HttpClient http = RestTestClient.Create(emulator);
        (_, JsonElement created) = await PostAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages", "{\"content\":\"v1\"}");
        string id = created.GetProperty("id").GetString()!;

        using HttpResponseMessage patch = await http.PatchAsync($"v10/channels/{emulator.DefaultChannelId}/messages/{id}",
            RestTestClient.Json("{\"content\":\"v2\",\"allowed_mentions\":{\"parse\":[]}}"));
        JsonElement edited = await RestTestClient.ReadJsonAsync(patch);
        EmulatorMessage stored = await emulator.WaitForBotMessageAsync(m => m.Content == "v2", GatewayTestClient.Timeout);
        using HttpResponseMessage delete = await http.DeleteAsync($"v10/channels/{emulator.DefaultChannelId}/messages/{id}");
        await client.WaitForDispatchAsync("MESSAGE_CREATE");
        JsonElement update = (await client.WaitForDispatchAsync("MESSAGE_UPDATE")).D;
        JsonElement deleted = (await client.WaitForDispatchAsync("MESSAGE_DELETE")).D;

        Assert.That(edited.GetProperty("content").GetString(), Is.EqualTo("v2"));
        Assert.That(edited.GetProperty("edited_timestamp").GetString(), Is.Not.Null);
        Assert.That(stored.ContentHistory, Is.EqualTo(new[] { "v1", "v2" }));
        Assert.That(stored.IsDeleted, Is.True);
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(update.GetProperty("content").GetString(), Is.EqualTo("v2"));
        Assert.That(deleted.GetProperty("id").GetString(), Is.EqualTo(id));
    }

    [Test]
    public async Task EditMessageOfAnotherUser_403With50005()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        EmulatorMessage alice = await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "mine");

        using HttpResponseMessage patch = await http.PatchAsync($"v10/channels/{emulator.DefaultChannelId}/messages/{alice.Id}", RestTestClient.Json("{\"content\":\"x\"}"));

        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await RestTestClient.ReadJsonAsync(patch)).GetProperty("code").GetInt32(), Is.EqualTo(50005));
    }

    [Test]
    public async Task History_NewestFirstWithLimitBeforeAndAfter()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        var ids = new List<ulong>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, $"m{i}")).Id);
        }

        JsonElement latest = await GetAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages?limit=2");
        JsonElement before = await GetAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages?before={ids[2]}");
        JsonElement after = await GetAsync(http, $"v10/channels/{emulator.DefaultChannelId}/messages?after={ids[2]}&limit=1");
        using HttpResponseMessage badLimit = await http.GetAsync($"v10/channels/{emulator.DefaultChannelId}/messages?limit=500");

        Assert.That(latest.EnumerateArray().Select(m => m.GetProperty("content").GetString()), Is.EqualTo(new[] { "m4", "m3" }));
        Assert.That(before.EnumerateArray().Select(m => m.GetProperty("content").GetString()), Is.EqualTo(new[] { "m1", "m0" }));
        Assert.That(after.EnumerateArray().Select(m => m.GetProperty("content").GetString()), Is.EqualTo(new[] { "m3" }));
        Assert.That(badLimit.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Typing_Returns204AndDispatchesTypingStartWithTypingIntent()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessageTyping);
        await using GatewayTestClient _1 = client;
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage response = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/typing", null);
        JsonElement typing = (await client.WaitForDispatchAsync("TYPING_START")).D;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(typing.GetProperty("user_id").GetString(), Is.EqualTo(emulator.BotUserId.ToString()));
    }

    [Test]
    public async Task CreateDm_ThenSend_DmMessageStored()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        (HttpStatusCode status, JsonElement channel) = await PostAsync(http, "v10/users/@me/channels", $"{{\"recipient_id\":\"{emulator.BobUserId}\"}}");
        string channelId = channel.GetProperty("id").GetString()!;
        (HttpStatusCode sent, _) = await PostAsync(http, $"v10/channels/{channelId}/messages", "{\"content\":\"hi bob\"}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(channel.GetProperty("type").GetInt32(), Is.EqualTo(1));
        Assert.That(sent, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(emulator.BotMessages.Single().GuildId, Is.Null);
        Assert.That(emulator.CreateDmChannel(emulator.BobUserId).ToString(), Is.EqualTo(channelId));
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await RestTestClient.ReadJsonAsync(response);
    }
}
