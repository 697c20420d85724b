using System.Net;
using System.Text;
using AndyAI.Emulator.Tests.Support;
using NSec.Cryptography;

namespace AndyAI.Emulator.Tests.Interactions;

/// <summary>
/// The emulator's Interactions Endpoint URL against a small endpoint of the test's own: Discord's check when the URL
/// is saved, signed deliveries, and an initial response given in the POST's answer (200 with a body) instead of the
/// callback endpoint.
/// </summary>
public sealed class InteractionsEndpointTests
{
    private DiscordEmulator _emulator = null!;
    private HttpListener _listener = null!;
    private Uri _url = null!;
    private Func<HttpListenerRequest, byte[], (int Status, string Body)> _answer = null!;
    private readonly List<(string? Signature, string? Timestamp, string Body)> _received = [];

    [SetUp]
    public async Task SetUp()
    {
        _answer = (_, _) => (200, "{\"type\":1}"); // answers PONG to anything, signed or not
        lock (_received) _received.Clear();
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { EnforceRestRateLimits = false });
        using HttpClient bot = RestTestClient.Create(_emulator);
        using HttpResponseMessage created = await bot.PostAsync($"v10/applications/{_emulator.ApplicationId}/guilds/{_emulator.DefaultGuildId}/commands",
            RestTestClient.Json("""{"name":"hello","description":"Says hello"}"""));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        int port = FreePort();
        _url = new Uri($"http://127.0.0.1:{port}/interactions/");
        _listener = new HttpListener();
        _listener.Prefixes.Add(_url.ToString());
        _listener.Start();
        _ = ServeAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        _listener.Close();
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task SavingAUrlThatAcceptsBadSignatures_IsRefused_AndInteractionsStayOnTheGateway()
    {
        string? refused = await _emulator.SetInteractionsEndpointAsync(_url);

        Assert.That(refused, Is.EqualTo("a PING with a bad signature got 200 instead of 401: the endpoint does not check signatures"));
        Assert.That(_emulator.InteractionsEndpointUrl, Is.Null);
    }

    [Test]
    public async Task ACheckingEndpoint_IsSaved_GetsSignedInteractions_AndMayAnswerInThePostsResponse()
    {
        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(_emulator.ApplicationPublicKey), KeyBlobFormat.RawPublicKey);
        _answer = (request, body) =>
        {
            byte[] signed = [.. Encoding.UTF8.GetBytes(request.Headers["X-Signature-Timestamp"] ?? ""), .. body];
            string signature = request.Headers["X-Signature-Ed25519"] ?? "";
            if (signature.Length != 128 || !SignatureAlgorithm.Ed25519.Verify(key, signed, Convert.FromHexString(signature))) return (401, "bad signature");
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.GetProperty("type").GetInt32() == 1
                ? (200, "{\"type\":1}")
                : (200, "{\"type\":4,\"data\":{\"content\":\"hello from the endpoint\"}}");
        };

        string? refused = await _emulator.SetInteractionsEndpointAsync(_url);
        EmulatorInteraction hello = await _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "hello");
        EmulatorInteractionResponse answer = await _emulator.WaitForInteractionResponseAsync(r => r.InteractionId == hello.Id, TimeSpan.FromSeconds(10));

        Assert.That((refused, _emulator.InteractionsEndpointUrl), Is.EqualTo(((string?)null, _url)));
        Assert.That((answer.Kind, answer.Type, answer.Content, answer.StatusCode), Is.EqualTo((EmulatorInteractionResponseKind.Callback, (int?)4, "hello from the endpoint", 204)));
        Assert.That(_emulator.InteractionDeliveries.Single(d => d.InteractionId == hello.Id).StatusCode, Is.EqualTo(200));
        Assert.That(_emulator.Frames.Any(f => f.EventName == "INTERACTION_CREATE"), Is.False, "not over the gateway");
        lock (_received)
        {
            Assert.That(_received.Where(r => r.Body.Contains("\"hello\"", StringComparison.Ordinal)).Select(r => r.Signature?.Length), Is.EqualTo(new int?[] { 128 }));
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            byte[] body = buffer.ToArray();
            lock (_received)
            {
                _received.Add((context.Request.Headers["X-Signature-Ed25519"], context.Request.Headers["X-Signature-Timestamp"], Encoding.UTF8.GetString(body)));
            }

            (int status, string answer) = _answer(context.Request, body);
            byte[] bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
