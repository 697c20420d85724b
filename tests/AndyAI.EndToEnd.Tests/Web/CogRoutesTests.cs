using System.Net;
using System.Net.Http.Headers;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Web;

/// <summary>
/// A cog's HTTP route on a real host's listener (HTTP_ADDRESS with port 0): NotesCog answers
/// <c>GET /cogs/NotesCog/notes/{userId}</c> from its storage with the dashboard token, refuses without it, shows the
/// route in <c>!cogs</c>, and after <c>!unload</c> the route is gone and the cog was still collected.
/// </summary>
[TestFixture]
internal sealed class CogRoutesTests
{
    private const string Token = "e2e-dashboard-token-0123456789";
    private static readonly HttpClient Http = new() { Timeout = BotHarness.HangGuard };
    private BotHarness _bot = null!;
    private Uri _address = null!;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        BotSetup setup = BotSetup.OnlyCogs(BotSetup.Cog("Utility"), BotSetup.Cog("NotesCog"));
        setup.Environment["HTTP_ADDRESS"] = BotSetup.ListenerAddress;
        setup.Environment["DASHBOARD_TOKEN"] = Token;
        _bot = await BotHarness.StartAsync(setup);
        _address = await _bot.ListenerAddressAsync();
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task Route_ServesTheCogsData_WithTheTokenOnly_IsListed_AndGoesAwayWithTheCog()
    {
        ulong alice = _bot.Discord.AliceUserId;
        string noted = await _bot.CommandAsync(alice, _bot.NewChannel("routes"), "!note buy milk");
        (HttpStatusCode status, string body) withToken = await GetAsync($"cogs/NotesCog/notes/{alice}", Token);
        (HttpStatusCode status, string body) withoutToken = await GetAsync($"cogs/NotesCog/notes/{alice}", null);
        (HttpStatusCode status, string body) nobody = await GetAsync("cogs/NotesCog/notes/1", Token);
        string cogs = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!cogs");
        string unloaded = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!unload NotesCog");
        (HttpStatusCode status, string body) afterUnload = await GetAsync($"cogs/NotesCog/notes/{alice}", Token);

        Assert.Multiple(() =>
        {
            Assert.That(noted, Is.EqualTo("noted"));
            Assert.That(withToken.status, Is.EqualTo(HttpStatusCode.OK), withToken.body);
            Assert.That(withToken.body, Does.StartWith("{\"Text\":\"buy milk\",\"Written\":"));
            Assert.That(withoutToken.status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(withoutToken.body, Does.Not.Contain("buy milk"));
            Assert.That(nobody, Is.EqualTo((HttpStatusCode.NotFound, "no note")));
            Assert.That(cogs, Does.Contain("HTTP: GET /cogs/NotesCog/notes/{userId}"));
            Assert.That(unloaded, Does.StartWith("NotesCog: unloaded in"), "the route's handler did not keep the cog from being collected");
            Assert.That(afterUnload.status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    private async Task<(HttpStatusCode, string)> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_address, path));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
