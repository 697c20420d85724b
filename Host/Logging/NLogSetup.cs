using AndyAI.Host.Configuration;
using NLog;
using NLog.Config;
using NLog.Layouts;
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
    /// <param name="format">LOG_FORMAT: json replaces every target's layout with one JSON object per line.</param>
    /// <param name="recent">When given, also keeps the last warnings and errors in memory (the dashboard's logs page).</param>
    public static LogFactory Create(string configFile, string logFile, MelLogLevel minimumLevel, SecretRegistry secrets, MelLogLevel? consoleMinimumLevel = null,
        LogFormat format = LogFormat.Text, RecentLogTarget? recent = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (!File.Exists(configFile))
        {
            throw new ConfigurationException($"{configFile}: the logging configuration file is missing");
        }

        var factory = new LogFactory { ThrowConfigExceptions = true, AutoShutdown = false };
        factory.Setup().SetupExtensions(extensions =>
            extensions.RegisterLayoutRenderer(() => new EscapeControlLayoutRendererWrapper(), EscapeControlLayoutRendererWrapper.Name));
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
        if (recent is not null)
        {
            configuration.AddRule(NLog.LogLevel.Warn, NLog.LogLevel.Fatal, recent, "*");
        }

        foreach (Target target in configuration.AllTargets)
        {
            Target? inner = target;
            while (inner is WrapperTargetBase wrapper)
            {
                inner = wrapper.WrappedTarget;
            }

            if (format == LogFormat.Json && inner is TargetWithLayout json && inner != recent)
            {
                json.Layout = JsonLine();
            }

            if (inner is TargetWithLayout withLayout && withLayout.Layout is not SecretRedactingLayout)
            {
                MaskBeforeEncoding(withLayout.Layout, secrets);
                withLayout.Layout = new SecretRedactingLayout(withLayout.Layout, secrets);
            }
        }

        factory.Configuration = configuration;
        return factory;
    }

    /// <summary>
    /// A JSON layout escapes each value (a quote as <c>\"</c>, a backslash as <c>\\</c>) before the masking layout
    /// around it sees the line, so a secret holding such a character (a database password may hold anything) would no
    /// longer match there: its values are masked one by one before they are encoded.
    /// </summary>
    private static void MaskBeforeEncoding(Layout layout, SecretRegistry secrets)
    {
        if (layout is not JsonLayout json)
        {
            return;
        }

        foreach (JsonAttribute attribute in json.Attributes)
        {
            MaskBeforeEncoding(attribute.Layout, secrets);
            if (attribute.Layout is not SecretRedactingLayout)
            {
                attribute.Layout = new SecretRedactingLayout(attribute.Layout, secrets);
            }
        }
    }

    /// <summary>
    /// LOG_FORMAT=json: one object per line with time (UTC, ISO 8601), level, logger, message and, when there is one,
    /// the exception. The masking layout wraps it like any other, so secrets are masked inside the JSON too.
    /// </summary>
    private static JsonLayout JsonLine() => new()
    {
        Attributes =
        {
            new JsonAttribute("time", "${date:universalTime=true:format=o}"),
            new JsonAttribute("level", "${level:uppercase=true}"),
            new JsonAttribute("logger", "${logger}"),
            new JsonAttribute("message", "${message}"),
            new JsonAttribute("exception", "${exception:format=tostring}"),
        },
    };

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
