using System.Text.Json;
using System.Text.Json.Nodes;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Configuration;
using AndyAI.Host.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Web.Dashboard;

/// <summary>
/// The dashboard's routes. Every page and action needs a session (log in with the dashboard token); every POST
/// needs the session's anti-forgery token; a wrong token is answered after a fixed delay and logged.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>How long a wrong token waits before its answer: guessing stays slow even from many connections' point of view per try.</summary>
    public static readonly TimeSpan WrongTokenDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(2);

    /// <param name="app">The listener's app.</param>
    /// <param name="hostConfiguration">The host's configuration, for the configuration page (never the web app's own).</param>
    public static void Map(WebApplication app, IConfiguration hostConfiguration)
    {
        app.Use(async (http, next) =>
        {
            // The pages hold the anti-forgery token and the bot's state: never framed (clickjacking on the cog
            // buttons), never cached, never sniffed into another type, no referrer to other sites.
            IHeaderDictionary headers = http.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            await next(http);
        });
        app.MapGet("/login", (HttpContext http) => LoginPage(http, null));
        app.MapPost("/login", LoginAsync);
        app.MapPost("/logout", LogoutAsync);
        app.MapGet("/", (HttpContext http, DashboardSessions sessions, OverviewSampler sampler) =>
            WithSession(http, sessions, s => HtmlResult(DashboardPages.Overview(sampler.Sample(), s.AntiForgeryToken))));
        app.MapGet("/events", EventsAsync);
        app.MapGet("/cogs", CogsPageAsync);
        app.MapPost("/cogs/{operation}", CogActionAsync);
        app.MapGet("/logs", (HttpContext http, DashboardSessions sessions, RecentLogTarget logs, SecretRegistry secrets) =>
            WithSession(http, sessions, s => HtmlResult(DashboardPages.Logs(logs.Snapshot(), secrets.Redact, s.AntiForgeryToken))));
        app.MapGet("/config", (HttpContext http, DashboardSessions sessions, SecretRegistry secrets, HostSettings settings) =>
            WithSession(http, sessions, s => HtmlResult(ConfigurationPage(hostConfiguration, secrets, settings, s.AntiForgeryToken))));
    }

    private static IResult LoginPage(HttpContext http, string? error, int status = StatusCodes.Status200OK)
    {
        string? loginToken = http.Request.Cookies[DashboardSessions.LoginCookie];
        if (loginToken is null || loginToken.Length != 64)
        {
            loginToken = DashboardSessions.NewSecret();
            http.Response.Cookies.Append(DashboardSessions.LoginCookie, loginToken, CookieOptions(http, TimeSpan.FromHours(1)));
        }

        return HtmlResult(DashboardPages.Login(loginToken, error), status);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, DashboardSessions sessions, DashboardToken token, TimeProvider time, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger("AndyAI.Host.Web.Dashboard");
        IFormCollection form = await ReadFormAsync(http);
        if (!DashboardSessions.SameSecret(form[DashboardSessions.FormField], http.Request.Cookies[DashboardSessions.LoginCookie]))
        {
            WebLog.ForgeryRefused(logger, Remote(http), "/login");
            return HtmlResult(DashboardPages.Refused("Refused: the form's anti-forgery token is missing or wrong. Reload the login page and try again."), StatusCodes.Status400BadRequest);
        }

        if (!token.Matches(form["token"]))
        {
            WebLog.LoginRefused(logger, Remote(http));
            await Task.Delay(WrongTokenDelay, time, http.RequestAborted);
            return LoginPage(http, "Wrong token.", StatusCodes.Status401Unauthorized);
        }

        DashboardSession session = sessions.Create();
        http.Response.Cookies.Append(DashboardSessions.SessionCookie, session.Id, CookieOptions(http, DashboardSessions.Lifetime));
        http.Response.Cookies.Delete(DashboardSessions.LoginCookie);
        WebLog.LoggedIn(logger, Remote(http));
        return Results.Redirect("/", permanent: false, preserveMethod: false);
    }

    private static async Task LogoutAsync(HttpContext http, DashboardSessions sessions, ILoggerFactory loggers)
    {
        IFormCollection form = await ReadFormAsync(http);
        IResult result = await WithSessionAsync(http, sessions, loggers.CreateLogger("AndyAI.Host.Web.Dashboard"), form, session =>
        {
            sessions.End(session.Id);
            http.Response.Cookies.Delete(DashboardSessions.SessionCookie);
            return Task.FromResult(Results.Redirect("/login", permanent: false, preserveMethod: false));
        });
        await result.ExecuteAsync(http);
    }

    // With REDIS_URL the page also shows every process's cogs (one !cogs report), asked only for a signed-in session.
    private static async Task<IResult> CogsPageAsync(HttpContext http, DashboardSessions sessions, ICogSupervisor supervisor)
    {
        string? everyProcess = http.RequestServices.GetService<ClusterAdmin>() is { } cluster && sessions.Find(http.Request.Cookies[DashboardSessions.SessionCookie]) is not null
            ? await cluster.RunEverywhereAsync(ClusterAdmin.Cogs, "", http.RequestAborted)
            : null;
        return WithSession(http, sessions, s => HtmlResult(DashboardPages.Cogs(supervisor.List(), s.AntiForgeryToken, null, everyProcess)));
    }

    private static async Task CogActionAsync(HttpContext http, string operation, DashboardSessions sessions, ICogSupervisor supervisor, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger("AndyAI.Host.Web.Dashboard");
        IFormCollection form = await ReadFormAsync(http);
        IResult result = await WithSessionAsync(http, sessions, logger, form, async session =>
        {
            string cog = form["cog"].ToString();
            if (string.IsNullOrWhiteSpace(cog))
            {
                return HtmlResult(DashboardPages.Cogs(supervisor.List(), session.AntiForgeryToken, "No cog named."), StatusCodes.Status400BadRequest);
            }

            string report;
            if (http.RequestServices.GetService<ClusterAdmin>() is { } cluster)
            {
                // With REDIS_URL the buttons act in every process, and the outcome is the merged report.
                string? kind = operation.ToLowerInvariant() switch
                {
                    "reload" => ClusterAdmin.ForcedReload,
                    "load" => ClusterAdmin.Load,
                    "unload" => ClusterAdmin.Unload,
                    _ => null,
                };
                if (kind is null) return Results.NotFound();
                report = await cluster.RunEverywhereAsync(kind, cog, http.RequestAborted);
                WebLog.CogAction(logger, operation, cog, Remote(http), report);
                return HtmlResult(DashboardPages.Cogs(supervisor.List(), session.AntiForgeryToken, report));
            }

            switch (operation.ToLowerInvariant())
            {
                case "reload":
                    report = AdminReplies.Format(await supervisor.ReloadAsync(cog, force: true, http.RequestAborted), AdminReplies.Operation.Reload);
                    break;
                case "load":
                    report = AdminReplies.Format(await supervisor.LoadAsync(cog, http.RequestAborted), AdminReplies.Operation.Load);
                    break;
                case "unload":
                    report = AdminReplies.Format(await supervisor.UnloadAsync(cog, http.RequestAborted), AdminReplies.Operation.Unload);
                    break;
                default:
                    return Results.NotFound();
            }

            WebLog.CogAction(logger, operation, cog, Remote(http), report);
            return HtmlResult(DashboardPages.Cogs(supervisor.List(), session.AntiForgeryToken, report));
        });
        await result.ExecuteAsync(http);
    }

    private static async Task EventsAsync(HttpContext http, DashboardSessions sessions, OverviewSampler sampler, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        if (sessions.Find(http.Request.Cookies[DashboardSessions.SessionCookie]) is null)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        // The stream would hold up the listener's stop until its timeout: it ends when the host starts stopping.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        CancellationToken aborted = ended.Token;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                string json = JsonSerializer.Serialize(sampler.Sample(), WebJsonContext.Default.OverviewSample);
                await http.Response.WriteAsync("data: " + json + "\n\n", aborted);
                await http.Response.Body.FlushAsync(aborted);
                await Task.Delay(SampleInterval, time, aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page was closed, or the host is stopping.
        }
    }

    private static string ConfigurationPage(IConfiguration configuration, SecretRegistry secrets, HostSettings settings, string antiForgery)
    {
        string dump = ConfigurationDump.Format(configuration, secrets.Current);
        dump = dump[(dump.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        (string? text, string? error) = PluginsFileShown(settings.PluginsConfigPath);
        return DashboardPages.Configuration(dump, settings.PluginsConfigPath, text is null ? null : secrets.Redact(text), error is null ? null : secrets.Redact(error), antiForgery);
    }

    /// <summary>
    /// plugins.json as the page shows it: masked (<see cref="MaskSettings"/>), with why it is invalid if it is. An
    /// invalid file is shown masked while it is still JSON (an unknown key, a wrong value), and not at all when it is
    /// not: never raw, since the secret-key mask is the only thing that knows a cog's new key value, which the secret
    /// registry has not seen yet.
    /// </summary>
    internal static (string? Text, string? Error) PluginsFileShown(string path)
    {
        string? text = null;
        try
        {
            text = File.ReadAllText(path);
            PluginsConfigurationParser.Parse(System.Text.Encoding.UTF8.GetBytes(text), path);
            return (MaskSettings(text), null);
        }
        catch (PluginsConfigurationException ex)
        {
            return (MaskedOrNull(text), ex.Message);
        }
        catch (IOException ex)
        {
            return (null, $"{path}: {ex.Message}");
        }
    }

    /// <summary>The file masked by <see cref="MaskSettings"/>, or null when it is not even JSON (then it is not shown).</summary>
    private static string? MaskedOrNull(string? text)
    {
        if (text is null) return null;
        try
        {
            return MaskSettings(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>plugins.json with every value under a secret-looking key (token, key, password…) replaced by ***.</summary>
    internal static string MaskSettings(string json)
    {
        JsonNode? root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        Mask(root, underSecret: false);
        return root?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "";

        static void Mask(JsonNode? node, bool underSecret)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (string key in obj.Select(p => p.Key).ToList())
                    {
                        bool secret = underSecret || SecretValues.IsSettingsSecretKey(key);
                        if (secret && obj[key] is JsonValue)
                        {
                            obj[key] = SecretValues.Mask;
                        }
                        else
                        {
                            Mask(obj[key], secret);
                        }
                    }

                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Count; i++)
                    {
                        if (underSecret && array[i] is JsonValue)
                        {
                            array[i] = SecretValues.Mask;
                        }
                        else
                        {
                            Mask(array[i], underSecret);
                        }
                    }

                    break;
            }
        }
    }

    private static IResult WithSession(HttpContext http, DashboardSessions sessions, Func<DashboardSession, IResult> page) =>
        sessions.Find(http.Request.Cookies[DashboardSessions.SessionCookie]) is { } session
            ? page(session)
            : Results.Redirect("/login", permanent: false, preserveMethod: false);

    private static async Task<IResult> WithSessionAsync(HttpContext http, DashboardSessions sessions, ILogger logger, IFormCollection form, Func<DashboardSession, Task<IResult>> action)
    {
        DashboardSession? session = sessions.Find(http.Request.Cookies[DashboardSessions.SessionCookie]);
        if (session is null)
        {
            return Results.Redirect("/login", permanent: false, preserveMethod: false);
        }

        if (!DashboardSessions.SameSecret(form[DashboardSessions.FormField], session.AntiForgeryToken))
        {
            WebLog.ForgeryRefused(logger, Remote(http), http.Request.Path);
            return HtmlResult(DashboardPages.Refused("Refused: the form's anti-forgery token is missing or wrong."), StatusCodes.Status400BadRequest);
        }

        return await action(session);
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpContext http) =>
        http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;

    private static CookieOptions CookieOptions(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        MaxAge = lifetime,
    };

    private static IResult HtmlResult(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static string Remote(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
