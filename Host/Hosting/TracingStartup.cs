using System.Runtime.CompilerServices;
using AndyAI.Discord.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AndyAI.Host.Hosting;

/// <summary>
/// Optional tracing: with OTEL_EXPORTER_OTLP_ENDPOINT set, each mention or DM becomes a trace (gateway MESSAGE_CREATE
/// → handle → cache lookup → llm → REST) exported over OTLP (OTEL_EXPORTER_OTLP_PROTOCOL and the other standard
/// OTEL_* variables are honoured). Without it nothing listens, so no activity is ever created.
/// </summary>
internal static class TracingStartup
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    // Never inlined: without an endpoint the OpenTelemetry SDK's tracing types are never loaded.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddServices(IServiceCollection services, string instanceId) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("andyai", serviceInstanceId: instanceId))
            .WithTracing(tracing => tracing
                .AddSource(DiscordTracing.SourceName, AndyAI.Services.ServicesMetrics.TracingSourceName)
                .AddOtlpExporter());
}
