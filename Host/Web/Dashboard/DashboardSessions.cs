using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AndyAI.Host.Web.Dashboard;

/// <summary>
/// Logged-in browsers. A session is a random id in an HttpOnly, SameSite=Strict cookie; each has its own random
/// anti-forgery token that every form carries and every POST must return (synchronizer token). Sessions live in
/// memory: a restart logs everyone out, which suits a token printed at start.
/// </summary>
internal sealed class DashboardSessions(TimeProvider time)
{
    public const string SessionCookie = "andyai_session";

    /// <summary>The login form's anti-forgery cookie (double submit: the form must repeat it).</summary>
    public const string LoginCookie = "andyai_login";

    public const string FormField = "__csrf";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<string, DashboardSession> _sessions = new(StringComparer.Ordinal);

    public DashboardSession Create()
    {
        Sweep();
        var session = new DashboardSession(NewSecret(), NewSecret(), time.GetUtcNow() + Lifetime);
        _sessions[session.Id] = session;
        return session;
    }

    public DashboardSession? Find(string? id)
    {
        if (id is null || !_sessions.TryGetValue(id, out DashboardSession? session))
        {
            return null;
        }

        if (session.ExpiresAt <= time.GetUtcNow())
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        return session;
    }

    public void End(string? id)
    {
        if (id is not null)
        {
            _sessions.TryRemove(id, out _);
        }
    }

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Constant-time equality of two secrets; false when either is missing.</summary>
    public static bool SameSecret(string? a, string? b) =>
        a is { Length: > 0 } && b is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private void Sweep()
    {
        DateTimeOffset now = time.GetUtcNow();
        foreach ((string id, DashboardSession session) in _sessions)
        {
            if (session.ExpiresAt <= now)
            {
                _sessions.TryRemove(id, out _);
            }
        }
    }
}
