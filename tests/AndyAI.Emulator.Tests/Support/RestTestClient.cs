using System.Net.Http.Headers;
using System.Text;

namespace AndyAI.Emulator.Tests.Support;

internal static class RestTestClient
{
    /// <summary>An HttpClient at <c>{RestBaseUrl}/</c> with the bot's Authorization header.</summary>
    public static HttpClient Create(DiscordEmulator emulator, string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(emulator.RestBaseUrl + "/"), Timeout = TimeSpan.FromSeconds(15) };
        if (token != "")
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", token ?? emulator.BotToken);
        }
        return http;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }
}
