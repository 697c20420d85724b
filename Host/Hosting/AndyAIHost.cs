using System.Collections;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Configuration;
using AndyAI.Host.Logging;
using AndyAI.Host.Sandbox;
using Microsoft.Extensions.Configuration;
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
        var recentLogs = new RecentLogTarget(); // the dashboard's logs page
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
            logFactory = NLogSetup.Create(NLogSetup.FindConfigFile(contentRoot), settings.LogFile, settings.MinimumLevel, settings.Secrets,
                settings.Mode == BotMode.Sandbox ? Microsoft.Extensions.Logging.LogLevel.Warning : null, settings.LogFormat, recentLogs);
        }
        catch (Exception ex) when (ex is ConfigurationException or PluginsConfigurationException)
        {
            await errorOutput.WriteLineAsync($"Configuration error: {ex.Message}");
            return ExitCodes.ConfigurationError;
        }

        SandboxEnvironment? sandbox = null;
        using ILoggerFactory earlyLoggers = LoggerFactory.Create(b => b.SetMinimumLevel(settings.MinimumLevel).AddNLog(_ => logFactory));
        try
        {
            if (settings.Mode == BotMode.Sandbox)
            {
                // Up before the host is built: the bot is configured with the emulator's address and connects to it
                // on start like it would to Discord.
                try
                {
                    sandbox = await SandboxStartup.StartAsync(builder.Configuration, earlyLoggers, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
                {
                    await errorOutput.WriteLineAsync($"Sandbox could not start: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
                    return ExitCodes.Failure;
                }
            }

            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(settings.MinimumLevel);
            builder.Logging.AddNLog(_ => logFactory);
            builder.Services.AddSingleton(recentLogs);
            builder.Services.AddAndyAIHost(builder.Configuration, settings);
            if (sandbox is not null)
            {
                SandboxStartup.AddServices(builder.Services, sandbox); // last: the chat starts once the cogs are loaded
            }

            IHost host = builder.Build();
            ILogger logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AndyAI.Host");
            HostLog.Starting(logger, settings.Mode, settings.ContentRoot, settings.LogFile);
            if (settings.DashboardTokenIgnored)
            {
                HostLog.DashboardTokenIgnored(logger);
            }

            if (sandbox is not null)
            {
                SandboxStartup.LogStarted(logger, sandbox);
            }

            if (logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
            {
                HostLog.ConfigurationDump(logger, ConfigurationDump.Format(builder.Configuration, settings.Secrets.Current));
            }

            try
            {
                return await RunHostAsync(host, logger, errorOutput, settings, cancellationToken);
            }
            finally
            {
                // After a clean stop, a component failing to release its resources is logged, not fatal.
                try
                {
                    await ((IAsyncDisposable)host).DisposeAsync();
                }
                catch (Exception ex)
                {
                    HostLog.DisposeFailed(logger, ex);
                }
            }
        }
        finally
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }

            logFactory.Shutdown();
        }
    }

    /// <summary>Starts the host, waits until it stops, and turns how it ended into the exit code and one stderr line.</summary>
    internal static async Task<int> RunHostAsync(IHost host, ILogger logger, TextWriter errorOutput, HostSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
            await host.WaitForShutdownAsync(cancellationToken);
            if (DiscordFatalError(host) is { } discordError)
            {
                return await DiscordRefusedAsync(errorOutput, discordError);
            }

            return await BackgroundServiceFailedAsync(host, errorOutput, settings) ?? ExitCodes.Success;
        }
        catch (Exception) when (DiscordFatalError(host) is { } discordError)
        {
            // Discord refused while the host was still starting (the cogs loading): stopping the application cancelled
            // the start. Still the setting's fault, not a crash.
            return await DiscordRefusedAsync(errorOutput, discordError);
        }
        catch (Exception ex) when (Find<OptionsValidationException>(ex) is { } validation)
        {
            // A library's options failed ValidateOnStart: one clear line, no stack trace.
            string failures = string.Join("; ", validation.Failures.Select(f => settings.Secrets.Redact(f).ReplaceLineEndings(" ")));
            HostLog.InvalidOptions(logger, validation.OptionsType.Name, failures);
            await errorOutput.WriteLineAsync($"Configuration error: {failures}");
            return ExitCodes.ConfigurationError;
        }
        catch (Exception ex) when (Find<InvalidOperationException>(ex, IsConversionFailure) is { } conversion)
        {
            // A value that does not convert to its option's type ("abc" for a TimeSpan): the binder's message names
            // the key, the value and the type.
            string message = settings.Secrets.Redact(conversion.Message).ReplaceLineEndings(" ");
            HostLog.InvalidOptions(logger, "configuration", message);
            await errorOutput.WriteLineAsync($"Configuration error: {message}");
            return ExitCodes.ConfigurationError;
        }
        catch (AndyAI.Storage.StorageStartupException ex)
        {
            // Already logged as one Critical line. Waiting will not help: the file or the schema needs a person.
            await errorOutput.WriteLineAsync($"Storage error: {settings.Secrets.Redact(ex.Message).ReplaceLineEndings(" ")}");
            return ExitCodes.ConfigurationError;
        }
        catch (Exception ex) when (ex is ConfigurationException or PluginsConfigurationException)
        {
            // A setting found bad only while starting (HTTP_ADDRESS cannot be bound), or plugins.json broken after
            // HostSettings read it: the message already names the setting or the file, line and position.
            HostLog.InvalidOptions(logger, "host", ex.Message);
            await errorOutput.WriteLineAsync($"Configuration error: {ex.Message}");
            return ExitCodes.ConfigurationError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || StopRequested(host))
        {
            // SIGTERM or Ctrl+C while the host was still starting (cogs loading, Discord connecting): the lifetime
            // cancelled the start. A stop that was asked for, not a crash: systemd and Kubernetes must not see a failure.
            if (await BackgroundServiceFailedAsync(host, errorOutput, settings) is { } failed) return failed;
            HostLog.StoppedWhileStarting(logger);
            return ExitCodes.Success;
        }
        catch (Exception ex)
        {
            HostLog.Crashed(logger, ex);
            string message = settings.Secrets.Redact(ex.Message).ReplaceLineEndings(" ");
            await errorOutput.WriteLineAsync($"AndyAI stopped: {ex.GetType().Name}: {message} (details in {settings.LogFile})");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// Exit code 1 and one stderr line when a background service's exception stopped the host; else null. The Generic
    /// Host logs the exception and stops the application, and the stop then looks like one that was asked for: without
    /// this check a crash would exit 0, and a supervisor would not restart the bot.
    /// </summary>
    private static async Task<int?> BackgroundServiceFailedAsync(IHost host, TextWriter errorOutput, HostSettings settings)
    {
        if (FaultedBackgroundService(host) is not var (service, fault)) return null;
        string message = settings.Secrets.Redact(fault.Message).ReplaceLineEndings(" ");
        await errorOutput.WriteLineAsync($"AndyAI stopped: {service} failed: {fault.GetType().Name}: {message} (details in {settings.LogFile})");
        return ExitCodes.Failure;
    }

    /// <summary>The first background service whose work ended in an exception (which stopped the host), or null.</summary>
    private static (string Service, Exception Fault)? FaultedBackgroundService(IHost host)
    {
        foreach (BackgroundService service in host.Services.GetServices<IHostedService>().OfType<BackgroundService>())
        {
            if (service.ExecuteTask is { IsFaulted: true, Exception: { } fault })
            {
                return (service.GetType().Name, fault.InnerExceptions.Count == 1 ? fault.InnerExceptions[0] : fault);
            }
        }

        return null;
    }

    /// <summary>Whether the application was asked to stop (SIGTERM and Ctrl+C reach it through the host's lifetime).</summary>
    private static bool StopRequested(IHost host) =>
        host.Services.GetService<IHostApplicationLifetime>()?.ApplicationStopping.IsCancellationRequested == true;

    /// <summary>Why Discord refused for good (token, intents, shards), once the bot has stopped itself; else null.</summary>
    private static string? DiscordFatalError(IHost host) => host.Services.GetService<AndyAI.Discord.Hosting.DiscordBot>()?.FatalError;

    private static async Task<int> DiscordRefusedAsync(TextWriter errorOutput, string discordError)
    {
        // Already logged by the bot. A setting has to change before a restart can help.
        await errorOutput.WriteLineAsync($"Configuration error: {discordError}");
        return ExitCodes.ConfigurationError;
    }

    /// <summary>
    /// The configuration binder's failure to convert a value: its generated code, or the reflection binder, throws an
    /// InvalidOperationException around the parser's FormatException, OverflowException or ArgumentException.
    /// </summary>
    private static bool IsConversionFailure(InvalidOperationException ex) =>
        ex is { InnerException: FormatException or OverflowException or ArgumentException, TargetSite.DeclaringType.Namespace: { } area }
        && area.StartsWith("Microsoft.Extensions.Configuration", StringComparison.Ordinal);

    /// <summary>The first <typeparamref name="T"/> (that <paramref name="matches"/>) in <paramref name="ex"/> or what it wraps.</summary>
    private static T? Find<T>(Exception ex, Func<T, bool>? matches = null)
        where T : Exception => ex switch
    {
        T found when matches?.Invoke(found) != false => found,
        AggregateException aggregate => aggregate.InnerExceptions.Select(inner => Find(inner, matches)).FirstOrDefault(e => e is not null),
        _ => ex.InnerException is null ? null : Find(ex.InnerException, matches),
    };
}
