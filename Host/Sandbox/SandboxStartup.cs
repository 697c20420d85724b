using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// The start-up code's only way into sandbox mode. Its methods are the first to touch the emulator's types, and they
/// are never inlined, so the JIT compiles them (and loads AndyAI.Emulator, AndyAI.Emulator.OpenAi and, through them,
/// ASP.NET Core) only when the sandbox actually starts: a real bot never maps those assemblies.
/// </summary>
internal static class SandboxStartup
{
    /// <summary>Starts the emulator (and the offline responder) and points the host's configuration at them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<SandboxEnvironment> StartAsync(IConfigurationManager configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        SandboxEnvironment sandbox = await SandboxEnvironment.StartAsync(configuration, loggerFactory, cancellationToken);
        configuration.AddInMemoryCollection(sandbox.ConfigurationOverrides());
        return sandbox;
    }

    /// <summary>Registers the sandbox and its terminal chat; call after every other hosted service so the chat starts last.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddServices(IServiceCollection services, SandboxEnvironment sandbox)
    {
        services.AddSingleton(sandbox);
        services.AddHostedService<SandboxChat>();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LogStarted(ILogger logger, SandboxEnvironment sandbox) =>
        SandboxLog.Started(logger, sandbox.Emulator.BaseUrl, sandbox.LlmDescription);
}
