using System.Text;
using AndyAI.Host.Configuration;
using NLog;
using NLog.Layouts;

namespace AndyAI.Host.Logging;

/// <summary>
/// Wraps a target's layout and masks every configured secret in the rendered line (message, properties and
/// exception text alike), so no layout written in nlog.config can print a token or an API key.
/// </summary>
internal sealed class SecretRedactingLayout : Layout
{
    private readonly SecretRegistry _secrets;

    public SecretRedactingLayout(Layout inner, SecretRegistry secrets)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(secrets);
        Inner = inner;
        _secrets = secrets;
    }

    public Layout Inner { get; }

    public override void Precalculate(LogEventInfo logEvent) => Inner.Precalculate(logEvent);

    // The inner layout initializes itself on its first Render (Layout.Initialize is internal to NLog).
    protected override string GetFormattedMessage(LogEventInfo logEvent) => _secrets.Redact(Inner.Render(logEvent));

    protected override void RenderFormattedMessage(LogEventInfo logEvent, StringBuilder target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Append(GetFormattedMessage(logEvent));
    }
}
