using AndyAI.Emulator.OpenAi;

namespace AndyAI.Testing.Emulator;

/// <summary>What <see cref="EmulatedBot.StartAsync"/> runs: which cogs, with which settings, and the model fake's script.</summary>
public sealed class EmulatedBotOptions
{
    /// <summary>
    /// Folders of built cogs to load, each copied into the bot's plugins folder under its own name (the cog's main DLL is
    /// named like its folder): <see cref="EmulatedBot.CogFolder"/> gives the one the build copied for a project
    /// reference marked <c>AndyAICog="true"</c>.
    /// </summary>
    public IList<string> CogFolders { get; } = [];

    /// <summary>Cog name → its <c>settings</c> object in plugins.json, as JSON text.</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The OpenAI-compatible fake's options (scripted answers, delays); its default echoes the prompt.</summary>
    public OpenAiFakeOptions Llm { get; init; } = new();

    /// <summary>
    /// The bot host to run (<c>AndyAI.Host.dll</c>); by default the copy this package's build targets put next to the
    /// test assembly (<c>andyai-host/</c>).
    /// </summary>
    public string? HostPath { get; init; }

    /// <summary>How long the bot may take to connect and report every cog running before the start fails.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="EmulatedBot.SendAsync"/> and the other waits give the bot to answer.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <value>
    /// Whether the bot runs its HTTP listener, for a cog's HTTP routes (contract 1.6): on 127.0.0.1 with a port from
    /// the OS, with a generated dashboard token; <see cref="EmulatedBot.HttpAddress"/> and
    /// <see cref="EmulatedBot.DashboardToken"/> say where and with what to call them. Defaults to false (no listener).
    /// </value>
    public bool HttpListener { get; init; }

    /// <summary>Extra environment variables for the bot process (for example <c>LOG_LEVEL</c>).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
