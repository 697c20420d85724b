using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace AndyAI.Host.Web.Dashboard;

/// <summary>The dashboard's page frame and encoding helpers: server-rendered HTML, no script but the overview's.</summary>
internal static partial class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>
    /// Text written for Discord (the admin replies, the cluster's merged report) as HTML: encoded, and its
    /// <c>**bold**</c> as <c>&lt;strong&gt;</c>, so the page does not show Discord's asterisks. Nothing else of
    /// Markdown is read; an unpaired <c>**</c> stays as it is.
    /// </summary>
    public static string DiscordText(string? text)
    {
        // Each piece is encoded on its own, so the only tags are the ones added here.
        text ??= "";
        var html = new StringBuilder();
        int done = 0;
        foreach (Match bold in Bold().Matches(text))
        {
            html.Append(E(text[done..bold.Index])).Append("<strong>").Append(E(bold.Groups[1].Value)).Append("</strong>");
            done = bold.Index + bold.Length;
        }

        return html.Append(E(text[done..])).ToString();
    }

    // Discord's bold does not cross lines: a '**' left open on one line must not swallow the next.
    [GeneratedRegex(@"\*\*([^*\n]+?)\*\*", RegexOptions.CultureInvariant)]
    private static partial Regex Bold();

    public static string Page(string title, string? active, string body, string? antiForgeryToken)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append(" · AndyAI</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<header><strong>AndyAI</strong>");
        if (active is not null)
        {
            html.Append("<nav>");
            foreach ((string path, string name) in Navigation)
            {
                html.Append("<a href=\"").Append(path).Append('"').Append(name == active ? " class=\"active\"" : "").Append('>').Append(name).Append("</a>");
            }

            html.Append("</nav><form method=\"post\" action=\"/logout\" class=\"logout\">").Append(AntiForgeryField(antiForgeryToken))
                .Append("<button type=\"submit\">Log out</button></form>");
        }

        html.Append("</header><main>").Append(body).Append("</main></body></html>");
        return html.ToString();
    }

    public static string AntiForgeryField(string? token) =>
        token is null ? "" : $"<input type=\"hidden\" name=\"{DashboardSessions.FormField}\" value=\"{E(token)}\">";

    private static readonly (string Path, string Name)[] Navigation =
        [("/", "Overview"), ("/cogs", "Cogs"), ("/logs", "Logs"), ("/config", "Configuration")];

    private const string Style =
        "body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}" +
        "header{display:flex;gap:1.5em;align-items:center;background:#1d2330;color:#fff;padding:.6em 1.2em}" +
        "header nav a{color:#c9d1e0;text-decoration:none;margin-right:1em}header nav a.active{color:#fff;font-weight:600}" +
        ".logout{margin-left:auto}main{padding:1.2em;max-width:1200px}" +
        "table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.4em .6em;border-bottom:1px solid #e3e6ec;vertical-align:top}" +
        ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.8em;margin-bottom:1em}" +
        ".card{background:#fff;border:1px solid #e3e6ec;border-radius:6px;padding:.7em}.card .v{font-size:1.5em;font-weight:600}" +
        ".card .k{color:#5b6473;font-size:.85em}canvas{width:100%;height:70px}" +
        ".ok{color:#17803d}.bad{color:#b42318}.outcome{background:#fff8e1;border:1px solid #f0d37a;padding:.6em;margin-bottom:1em;white-space:pre-wrap}" +
        ".error{background:#fdecea;border:1px solid #f3b1aa;padding:.6em;margin-bottom:1em;white-space:pre-wrap}" +
        "pre{background:#fff;border:1px solid #e3e6ec;padding:.8em;overflow:auto}form.inline{display:inline}" +
        "button{cursor:pointer;padding:.25em .7em}input[type=password]{padding:.35em;width:22em}";
}
