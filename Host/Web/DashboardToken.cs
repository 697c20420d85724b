using System.Security.Cryptography;
using System.Text;

namespace AndyAI.Host.Web;

/// <summary>The dashboard's login token: DASHBOARD_TOKEN, or a random one generated at start.</summary>
internal sealed class DashboardToken
{
    private readonly byte[] _hash;

    public DashboardToken(string? configured)
    {
        IsGenerated = configured is null;
        Value = configured ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(Value));
    }

    public string Value { get; }

    public bool IsGenerated { get; }

    /// <summary>Constant-time comparison (of hashes, so the length leaks nothing either).</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate.Trim())), _hash);
}
