using AndyAI.Host.Configuration;
using NLog;
using NLog.Config;
using NLog.Targets;
using NLog.Targets.Wrappers;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AndyAI.Host.Logging;

/// <summary>Loads nlog.config into a dedicated <see cref="LogFactory"/> with LOG_FILE, LOG_LEVEL and secret masking applied.</summary>
internal static class NLogSetup
{
    public const string ConfigFileName = "nlog.config";

    /// <summary>
    /// The nlog.config to use: the one in the content root (editable without a rebuild), else the copy next to the
    /// executable.
    /// </summary>
    public static string FindConfigFile(string contentRoot)
    {
        string inRoot = Path.Combine(contentRoot, ConfigFileName);
        return File.Exists(inRoot) ? inRoot : Path.Combine(AppContext.BaseDirectory, ConfigFileName);
    }

    /// <exception cref="ConfigurationException">nlog.config is missing or invalid.</exception>
    /// <param name="configFile">nlog.config.</param>
    /// <param name="logFile">The current log file (LOG_FILE).</param>
    /// <param name="minimumLevel">LOG_LEVEL.</param>
    /// <param name="secrets">Values masked as *** in every target (including secrets added after start).</param>
    /// <param name="consoleMinimumLevel">A higher floor for the console only (the sandbox chat); null for <paramref name="minimumLevel"/>.</param>
    public static LogFactory Create(string configFile, string logFile, MelLogLevel minimumLevel, SecretRegistry secrets, MelLogLevel? consoleMinimumLevel = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (!File.Exists(configFile))
        {
            throw new ConfigurationException($"{configFile}: the logging configuration file is missing");
        }

        var factory = new LogFactory { ThrowConfigExceptions = true, AutoShutdown = false };
        LoggingConfiguration configuration;
        try
        {
            configuration = new XmlLoggingConfiguration(configFile, factory);
        }
        catch (Exception ex) when (ex is NLogConfigurationException or IOException or FormatException or InvalidOperationException)
        {
            throw new ConfigurationException($"{configFile}: invalid logging configuration ({OneLine(ex)})", ex);
        }

        configuration.Variables["logFile"] = logFile;
        configuration.Variables["minLevel"] = ToNLogLevel(minimumLevel).Name;
        MelLogLevel consoleLevel = consoleMinimumLevel is { } floor && floor > minimumLevel ? floor : minimumLevel;
        configuration.Variables["consoleMinLevel"] = ToNLogLevel(consoleLevel).Name;
        foreach (Target target in configuration.AllTargets)
        {
            Target? inner = target;
            while (inner is WrapperTargetBase wrapper)
            {
                inner = wrapper.WrappedTarget;
            }

            if (inner is TargetWithLayout withLayout && withLayout.Layout is not SecretRedactingLayout)
            {
                withLayout.Layout = new SecretRedactingLayout(withLayout.Layout, secrets);
            }
        }

        factory.Configuration = configuration;
        return factory;
    }

    public static NLog.LogLevel ToNLogLevel(MelLogLevel level) => level switch
    {
        MelLogLevel.Trace => NLog.LogLevel.Trace,
        MelLogLevel.Debug => NLog.LogLevel.Debug,
        MelLogLevel.Information => NLog.LogLevel.Info,
        MelLogLevel.Warning => NLog.LogLevel.Warn,
        MelLogLevel.Error => NLog.LogLevel.Error,
        MelLogLevel.Critical => NLog.LogLevel.Fatal,
        _ => NLog.LogLevel.Off,
    };

    private static string OneLine(Exception ex)
    {
        Exception innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message.ReplaceLineEndings(" ");
    }
}
