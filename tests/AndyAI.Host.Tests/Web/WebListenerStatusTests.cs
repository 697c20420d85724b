using AndyAI.Host.Web;

namespace AndyAI.Host.Tests.Web;

public sealed class WebListenerStatusTests
{
    [Test]
    public void Announcement_NamesTheCogsRoutes_AndThatTheTokenIsTheirBearerToken()
    {
        var status = new WebListenerStatus { Address = new Uri("http://127.0.0.1:8080/"), GeneratedToken = "tok" };

        Assert.That(status.Announcement, Is.EqualTo(
            "Dashboard: http://127.0.0.1:8080/  (probes /healthz /readyz, metrics /metrics, cogs' routes http://127.0.0.1:8080/cogs/<cog>/…); " +
            "login token: tok (generated; set DASHBOARD_TOKEN to choose one; also the cogs' routes' bearer token)"));
    }

    [Test]
    public void Announcement_NoListener_IsWhyNot()
    {
        Assert.That(new WebListenerStatus { Problem = "port taken" }.Announcement, Is.EqualTo("port taken"));
    }
}
