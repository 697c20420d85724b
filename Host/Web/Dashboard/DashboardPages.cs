using System.Globalization;
using System.Text;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs.Loading;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Logging;
using static AndyAI.Host.Web.Dashboard.Html;

namespace AndyAI.Host.Web.Dashboard;

/// <summary>The dashboard's pages as HTML. Every value shown comes masked from its source; all of it is encoded here.</summary>
internal static class DashboardPages
{
    public static string Login(string loginAntiForgery, string? error)
    {
        var body = new StringBuilder("<h1>Log in</h1>");
        if (error is not null)
        {
            body.Append("<div class=\"error\" id=\"login-error\">").Append(E(error)).Append("</div>");
        }

        body.Append("<p>Enter the dashboard token (DASHBOARD_TOKEN, or the one printed at start).</p>")
            .Append("<form method=\"post\" action=\"/login\">").Append(AntiForgeryField(loginAntiForgery))
            .Append("<input type=\"password\" name=\"token\" id=\"token\" autocomplete=\"current-password\" autofocus> ")
            .Append("<button type=\"submit\" id=\"login\">Log in</button></form>");
        return Page("Log in", null, body.ToString(), null);
    }

    public static string Overview(OverviewSample sample, string antiForgery)
    {
        var body = new StringBuilder("<h1>Overview</h1><div class=\"cards\">");
        Card(body, "ready", "Readiness", sample.Ready);
        Card(body, "uptime", "Uptime", FormatUptime(sample.UptimeSeconds));
        Card(body, "shards", "Shards (latency)", FormatShards(sample.Shards));
        Card(body, "messages-rate", "Messages / min", "–");
        Card(body, "answers-rate", "Answers / min", "–");
        Card(body, "latency", "Answer latency p50 / p95 / p99", FormatLatency(sample));
        Card(body, "cache", "Cache hit rate", FormatPercent(sample.CacheHitRate) + $" ({sample.CacheEntries} entries)");
        Card(body, "llm-errors", "LLM errors / requests", $"{sample.LlmErrors} / {sample.LlmRequests}");
        Card(body, "memory", "Memory (working set / heap)", $"{FormatBytes(sample.WorkingSetBytes)} / {FormatBytes(sample.ManagedHeapBytes)}");
        body.Append("</div><div class=\"cards\">")
            .Append("<div class=\"card\"><div class=\"k\">Messages per minute</div><canvas id=\"chart-messages\" width=\"400\" height=\"70\"></canvas></div>")
            .Append("<div class=\"card\"><div class=\"k\">Answers per minute</div><canvas id=\"chart-answers\" width=\"400\" height=\"70\"></canvas></div>")
            .Append("<div class=\"card\"><div class=\"k\">Answer latency p95 (ms)</div><canvas id=\"chart-latency\" width=\"400\" height=\"70\"></canvas></div>")
            .Append("</div><p class=\"k\" id=\"updated\">Live: updates every few seconds.</p>")
            .Append("<script>").Append(OverviewScript).Append("</script>");
        return Page("Overview", "Overview", body.ToString(), antiForgery);
    }

    /// <param name="cogs">This process's cogs.</param>
    /// <param name="antiForgery">The session's anti-forgery token.</param>
    /// <param name="outcome">What the last action did, or <see langword="null"/>.</param>
    /// <param name="everyProcess">With REDIS_URL: every process's cogs (the merged <c>!cogs</c> report), or <see langword="null"/>.</param>
    public static string Cogs(IReadOnlyList<CogStatus> cogs, string antiForgery, string? outcome, string? everyProcess = null)
    {
        var body = new StringBuilder("<h1>Cogs</h1>");
        if (outcome is not null)
        {
            body.Append("<div class=\"outcome\" id=\"outcome\">").Append(DiscordText(outcome)).Append("</div>");
        }

        if (everyProcess is not null)
        {
            body.Append("<h2>Every process</h2><pre id=\"processes\">").Append(DiscordText(everyProcess))
                .Append("</pre><p>This bot runs in several processes (REDIS_URL): the buttons below act in every one of them.</p><h2>This process</h2>");
        }

        body.Append("<table id=\"cogs\"><thead><tr><th>Name</th><th>Version</th><th>About</th><th>State</th><th>Loaded (UTC)</th><th>Handler errors</th><th>Scheduled jobs</th><th>Last error</th><th>Actions</th></tr></thead><tbody>");
        foreach (CogStatus cog in cogs)
        {
            body.Append("<tr data-cog=\"").Append(E(cog.Name)).Append("\"><td>").Append(E(cog.Name)).Append("</td><td>").Append(E(cog.Version ?? "–"))
                .Append("</td><td class=\"about\">").Append(About(cog.Manifest))
                .Append(cog.HttpRoutes is { Count: > 0 } routes ? "<br><small class=\"routes\">HTTP: " + E(string.Join(", ", routes)) + "</small>" : "")
                .Append("</td><td class=\"state\">").Append(E(cog.State.ToString()))
                .Append(cog.Retiring > 0 ? $" ({cog.Retiring} retiring)" : "")
                .Append("</td><td class=\"loaded-at\">").Append(cog.LoadedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "–")
                .Append("</td><td>").Append(cog.HandlerErrorCount.ToString(CultureInfo.InvariantCulture))
                .Append(cog.LastHandlerError is { } handlerError ? "<br><small>" + E(handlerError) + "</small>" : "")
                .Append("</td><td class=\"jobs\">").Append(string.Join("<br>", (cog.Jobs ?? []).Select(job => E(AdminReplies.FormatJob(job)))))
                .Append("</td><td>").Append(E(cog.LastError ?? "")).Append("</td><td>");
            foreach (string operation in Actions(cog.State, everyProcess is not null))
            {
                body.Append("<form method=\"post\" action=\"/cogs/").Append(operation.ToLowerInvariant()).Append("\" class=\"inline\">")
                    .Append(AntiForgeryField(antiForgery)).Append("<input type=\"hidden\" name=\"cog\" value=\"").Append(E(cog.Package)).Append("\">")
                    .Append("<button type=\"submit\" name=\"op\" value=\"").Append(operation).Append("\">").Append(operation).Append("</button></form> ");
            }

            body.Append("</td></tr>");
        }

        body.Append("</tbody></table><p>Reload loads the current build from the plugins folder even when nothing changed; the old build keeps running if the new one fails (as <code>!reload</code>).</p>");
        return Page("Cogs", "Cogs", body.ToString(), antiForgery);
    }

    /// <summary>
    /// The buttons that do something for a cog in <paramref name="state"/>: a running cog reloads or unloads, a stopped
    /// one loads, a failed one loads or is given up, a disabled one has none (plugins.json turns it on). With several
    /// processes the buttons act in each of them, whose states may differ, so all three are offered.
    /// </summary>
    private static string[] Actions(CogState state, bool everyProcess) => (state, everyProcess) switch
    {
        (_, true) => ["Reload", "Unload", "Load"],
        (CogState.Running, _) => ["Reload", "Unload"],
        (CogState.Failed, _) => ["Load", "Unload"], // Unload gives it up, so it stops holding /readyz at 503
        (CogState.Disabled, _) => [],
        _ => ["Load"],
    };

    /// <summary>
    /// The cog's manifest (read from its DLL's attributes without loading it): description, author, home page (a link
    /// only for an absolute http(s) address, so a cog cannot put a <c>javascript:</c> URL on the owner's page) and the
    /// contract it was built against.
    /// </summary>
    internal static string About(CogManifest? manifest)
    {
        if (manifest is null)
        {
            return "–";
        }

        var about = new StringBuilder();
        if (manifest.Description is { } description) about.Append(E(description));
        if (manifest.Author is { } author) about.Append(about.Length > 0 ? "<br>" : "").Append("<small>by ").Append(E(author)).Append("</small>");
        if (manifest.HomePage is { } homePage)
        {
            about.Append(about.Length > 0 ? "<br>" : "").Append("<small>");
            if (Uri.TryCreate(homePage, UriKind.Absolute, out Uri? link) && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp))
            {
                about.Append("<a href=\"").Append(E(link.AbsoluteUri)).Append("\" rel=\"noopener noreferrer\">").Append(E(homePage)).Append("</a>");
            }
            else
            {
                about.Append(E(homePage));
            }

            about.Append("</small>");
        }

        return about.Append(about.Length > 0 ? "<br>" : "").Append("<small>contract ").Append(E(manifest.ContractVersion)).Append("</small>").ToString();
    }

    public static string Logs(IReadOnlyList<RecentLogEntry> entries, Func<string, string> mask, string antiForgery)
    {
        var body = new StringBuilder("<h1>Recent warnings and errors</h1>");
        if (entries.Count == 0)
        {
            body.Append("<p id=\"no-logs\">No warnings or errors since start.</p>");
        }
        else
        {
            body.Append("<table id=\"logs\"><thead><tr><th>Time (UTC)</th><th>Level</th><th>Logger</th><th>Message</th></tr></thead><tbody>");
            foreach (RecentLogEntry entry in entries)
            {
                body.Append("<tr><td>").Append(entry.Time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append("</td><td class=\"")
                    .Append(entry.Level is "Error" or "Fatal" ? "bad" : "").Append("\">").Append(E(entry.Level)).Append("</td><td>").Append(E(entry.Logger))
                    .Append("</td><td>").Append(E(mask(entry.Text))).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        return Page("Logs", "Logs", body.ToString(), antiForgery);
    }

    public static string Configuration(string settings, string pluginsPath, string? pluginsJson, string? pluginsError, string antiForgery)
    {
        var body = new StringBuilder("<h1>Configuration</h1><p>The effective settings (secrets shown as ***).</p><pre id=\"settings\">")
            .Append(E(settings)).Append("</pre><h2>plugins.json</h2><p>").Append(E(pluginsPath)).Append("</p>");
        body.Append(pluginsError is null
            ? "<p class=\"ok\" id=\"plugins-valid\">Valid.</p>"
            : "<div class=\"error\" id=\"plugins-error\">" + E(pluginsError) + "</div>");
        body.Append("<pre id=\"plugins\">").Append(E(pluginsJson ?? "(missing)")).Append("</pre>");
        return Page("Configuration", "Configuration", body.ToString(), antiForgery);
    }

    public static string Refused(string message) => Page("Refused", null, "<div class=\"error\" id=\"refused\">" + E(message) + "</div><p><a href=\"/\">Back</a></p>", null);

    private static void Card(StringBuilder body, string id, string label, string value) =>
        body.Append("<div class=\"card\"><div class=\"k\">").Append(E(label)).Append("</div><div class=\"v\" id=\"").Append(id).Append("\">").Append(E(value)).Append("</div></div>");

    internal static string FormatUptime(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return span.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h {span.Minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Hours} h {span.Minutes} min {span.Seconds} s");
    }

    internal static string FormatShards(IReadOnlyList<ReadinessShard> shards) =>
        shards.Count == 0 ? "none yet" : string.Join(", ", shards.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"#{s.Id} {s.State}{(s.LatencyMs is { } ms ? $" ({ms:0} ms)" : "")}")));

    internal static string FormatLatency(OverviewSample sample) => sample.AnswerP50Ms is { } p50
        ? string.Create(CultureInfo.InvariantCulture, $"{p50:0} / {sample.AnswerP95Ms:0} / {sample.AnswerP99Ms:0} ms")
        : "no answers yet";

    internal static string FormatPercent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    internal static string FormatBytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    // Small and dependency-free: an EventSource, rates from successive samples, and one polyline chart per canvas.
    private const string OverviewScript = """
(() => {
  const series = { messages: [], answers: [], latency: [] };
  let previous = null;
  const text = (id, value) => { const el = document.getElementById(id); if (el) el.textContent = value; };
  const draw = (id, values) => {
    const canvas = document.getElementById(id); if (!canvas) return;
    const g = canvas.getContext('2d'), w = canvas.width, h = canvas.height;
    g.clearRect(0, 0, w, h);
    if (values.length < 2) return;
    const max = Math.max(1, ...values);
    g.strokeStyle = '#3b6fd8'; g.lineWidth = 2; g.beginPath();
    values.forEach((v, i) => { const x = i * w / (values.length - 1), y = h - 4 - (v / max) * (h - 8); i ? g.lineTo(x, y) : g.moveTo(x, y); });
    g.stroke(); g.fillStyle = '#5b6473'; g.font = '11px sans-serif'; g.fillText(String(Math.round(max)), 2, 11);
  };
  const push = (list, v) => { list.push(v); if (list.length > 60) list.shift(); };
  const mb = b => (b / 1048576).toFixed(1) + ' MiB';
  const events = new EventSource('/events');
  events.onmessage = e => {
    const s = JSON.parse(e.data);
    if (previous) {
      const minutes = Math.max((s.time - previous.time) / 60000, 1e-6);
      const m = (s.messagesSeen - previous.messagesSeen) / minutes, a = (s.mentionsAnswered - previous.mentionsAnswered) / minutes;
      push(series.messages, m); push(series.answers, a); push(series.latency, s.answerP95Ms || 0);
      text('messages-rate', m.toFixed(1)); text('answers-rate', a.toFixed(1));
      draw('chart-messages', series.messages); draw('chart-answers', series.answers); draw('chart-latency', series.latency);
    }
    previous = s;
    text('ready', s.ready);
    const up = Math.floor(s.uptimeSeconds), d = Math.floor(up / 86400), hh = Math.floor(up % 86400 / 3600), mm = Math.floor(up % 3600 / 60);
    text('uptime', d > 0 ? `${d} d ${hh} h ${mm} min` : `${hh} h ${mm} min ${up % 60} s`);
    text('shards', s.shards.length ? s.shards.map(x => `#${x.id} ${x.state}` + (x.latencyMs != null ? ` (${Math.round(x.latencyMs)} ms)` : '')).join(', ') : 'none yet');
    text('latency', s.answerP50Ms != null ? `${Math.round(s.answerP50Ms)} / ${Math.round(s.answerP95Ms)} / ${Math.round(s.answerP99Ms)} ms` : 'no answers yet');
    text('cache', (s.cacheHitRate * 100).toFixed(1) + ` % (${s.cacheEntries} entries)`);
    text('llm-errors', `${s.llmErrors} / ${s.llmRequests}`);
    text('memory', mb(s.workingSetBytes) + ' / ' + mb(s.managedHeapBytes));
    text('updated', 'Live: updated ' + new Date(s.time).toISOString().substring(11, 19) + ' UTC');
  };
})();
""";
}
