using System.Net;
using System.Net.Http.Headers;
using AndyAI.Testing.Emulator;

namespace AndyAI.EndToEnd.Tests.Sdk;

/// <summary>
/// What a cog author's in-the-bot test does for a route: <see cref="EmulatedBotOptions.HttpListener"/> starts the
/// bot's listener, and <see cref="EmulatedBot.HttpAddress"/> and <see cref="EmulatedBot.DashboardToken"/> reach the
/// cog's route (NotesCog's <c>GET /cogs/NotesCog/notes/{userId}</c>).
/// </summary>
public sealed class EmulatedBotHttpTests
{
    [Test]
    public async Task HttpListener_TheCogsRouteAnswersWithTheToken_AndRefusesWithout()
    {
        var options = new EmulatedBotOptions { HttpListener = true, HostPath = Path.Combine(AppContext.BaseDirectory, "AndyAI.Host.dll") };
        options.CogFolders.Add(Path.Combine(AppContext.BaseDirectory, "E2ECogs", "NotesCog"));
        await using EmulatedBot bot = await EmulatedBot.StartAsync(options);
        using var http = new HttpClient { BaseAddress = bot.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };

        string noted = await bot.SendAsync("!note water the plants");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"cogs/NotesCog/notes/{bot.UserId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bot.DashboardToken);
        using HttpResponseMessage withToken = await http.SendAsync(request);
        using HttpResponseMessage withoutToken = await http.GetAsync($"cogs/NotesCog/notes/{bot.UserId}");

        Assert.That(noted, Is.EqualTo("noted"));
        Assert.That(bot.HttpAddress!.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(withToken.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await withToken.Content.ReadAsStringAsync(), Does.StartWith("{\"Text\":\"water the plants\""));
        Assert.That(withoutToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
