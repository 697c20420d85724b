using System.Runtime.CompilerServices;
using AndyAI.Host.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Web;

/// <summary>
/// The host's only way to the HTTP listener. Never inlined, so with HTTP_ADDRESS=off the JIT never compiles the
/// listener's code and ASP.NET Core is never loaded (docs/benchmarks.md measures what it adds).
/// </summary>
internal static class WebStartup
{
    /// <summary>Registers the listener as the first hosted service (so it starts first and stops last).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddServices(IServiceCollection services, HostSettings settings)
    {
        var token = new DashboardToken(settings.DashboardToken);
        settings.Secrets.Add(token.Value);
        services.TryAddSingleton(token);
        services.AddHostedService<WebListener>();
    }
}
