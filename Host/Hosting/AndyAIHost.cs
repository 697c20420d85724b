using System.Collections;
using AndyAI.Host.Configuration;
using AndyAI.Host.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LogFactory = NLog.LogFactory;
using NLog.Extensions.Logging;

namespace AndyAI.Host.Hosting;

/// <summary>Builds and runs the Generic Host: configuration, logging, services, cogs, graceful shutdown.</summary>
internal static class AndyAIHost
{
    /// <summary>Runs until SIGTERM/Ctrl+C or <paramref name="cancellationToken"/>; returns the process exit code.</summary>
    /// <param name="args">Command-line arguments (<c>--Section:Key=value</c> overrides).</param>
    /// <param name="environment">The process environment (a parameter so tests can run the host with their own).</param>
    /// <param name="errorOutput">Where the one-line fatal messages go (stderr).</param>
    /// <param name="cancellationToken">Stops the host like Ctrl+C does.</param>
    public static async Task<int> RunAsync(string[] args, IDictionary environment, TextWriter errorOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(errorOutput);
        string contentRoot = ContentRoot.Resolve(Environment.CurrentDirectory, AppContext.BaseDirectory);

        HostApplicationBuilder builder;
        HostSettings settings;
        LogFactory logFactory;
        try
        {
            builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = args,
                ApplicationName = "AndyAI",
                ContentRootPath = contentRoot,
                // Sources and logging are set up below, in a fixed order; no appsettings.{env}.json or user secrets.
                DisableDefaults = true,
            });
            settings = HostConfiguration.Configure(builder.Configuration, contentRoot, environment, args);
            logFactory = NLogSetup.Create(NLogSetup.FindConfigFile(contentRoot), settings.LogFile, settings.MinimumLevel, settings.Secrets);
        }
        catch (ConfigurationException ex)
        {
            await errorOutput.WriteLineAsync($"Configuration error: {ex.Message}");
            return ExitCodes.ConfigurationError;
        }

        try
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(settings.MinimumLevel);
            builder.Logging.AddNLog(_ => logFactory);
            builder.Services.AddAndyAIHost(builder.Configuration, settings);

            using IHost host = builder.Build();
            ILogger logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AndyAI.Host");
            HostLog.Starting(logger, settings.Mode, settings.ContentRoot, settings.LogFile);
            if (logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
            {
                HostLog.ConfigurationDump(logger, ConfigurationDump.Format(builder.Configuration, settings.Secrets));
            }

            return await RunHostAsync(host, logger, errorOutput, settings, cancellationToken);
        }
        finally
        {
            logFactory.Shutdown();
        }
    }

    private static async Task<int> RunHostAsync(IHost host, ILogger logger, TextWriter errorOutput, HostSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await host.RunAsync(cancellationToken);
            return ExitCodes.Success;
        }
        catch (Exception ex) when (FindOptionsValidationFailure(ex) is { } validation)
        {
            // A library's options failed ValidateOnStart: one clear line, no stack trace.
            string failures = string.Join("; ", validation.Failures.Select(f => SecretValues.Redact(f, settings.Secrets).ReplaceLineEndings(" ")));
            HostLog.InvalidOptions(logger, validation.OptionsType.Name, failures);
            await errorOutput.WriteLineAsync($"Configuration error: {failures}");
            return ExitCodes.ConfigurationError;
        }
        catch (Exception ex) when (ex is ConfigurationException or Plugins.PluginsConfigurationException)
        {
            // Invalid plugins.json at start: the message already names the file, line and position.
            HostLog.InvalidOptions(logger, "host", ex.Message);
            await errorOutput.WriteLineAsync($"Configuration error: {ex.Message}");
            return ExitCodes.ConfigurationError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (Exception ex)
        {
            HostLog.Crashed(logger, ex);
            string message = SecretValues.Redact(ex.Message, settings.Secrets).ReplaceLineEndings(" ");
            await errorOutput.WriteLineAsync($"AndyAI stopped: {ex.GetType().Name}: {message} (details in {settings.LogFile})");
            return ExitCodes.Failure;
        }
    }

    private static OptionsValidationException? FindOptionsValidationFailure(Exception ex) => ex switch
    {
        OptionsValidationException validation => validation,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindOptionsValidationFailure).FirstOrDefault(e => e is not null),
        _ => ex.InnerException is null ? null : FindOptionsValidationFailure(ex.InnerException),
    };
}
