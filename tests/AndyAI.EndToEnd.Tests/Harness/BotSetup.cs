using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;

namespace AndyAI.EndToEnd.Tests.Harness;

/// <summary>What one <see cref="BotHarness"/> runs: which cog builds, their plugins.json settings, extra configuration.</summary>
internal sealed class BotSetup
{
    /// <summary>
    /// Cog builds to place in the temporary plugins folder: (project under <c>E2ECogs/</c> in the test output,
    /// folder name under plugins/). The folder name is what <c>!load</c> / <c>!reload</c> find it by.
    /// </summary>
    public List<(string Project, string Folder)> Cogs { get; } = [("MessageHandler", "MessageHandler"), ("Utility", "Utility")];

    /// <summary>The order cogs load in (plugins.json <c>loadOrder</c>).</summary>
    public List<string> LoadOrder { get; } = ["Utility", "MessageHandler"];

    /// <summary>Cog name → its <c>settings</c> object as JSON text.</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal)
    {
        ["MessageHandler"] = MessageHandlerSettings(),
    };

    /// <summary>
    /// What <c>!cogs</c> must list before the bot counts as ready: a cog's name (<see cref="AndyAI.Abstractions.ICog.Name"/>)
    /// and the state word it must show (<c>running</c>, <c>failed</c>…).
    /// </summary>
    public List<(string Cog, string State)> ReadyWhen { get; } = [("Utility", "running"), ("MessageHandler", "running")];

    /// <summary>
    /// Configuration besides the fixed variables, as environment variables (<c>Llm__Timeout</c>…). The model's
    /// timeout is a hang guard here: tests hold answers in flight with the fake's latency, and on a loaded machine an
    /// answer must never turn into a timeout notice (<see cref="ShortLlmTimeout"/> is for the test that wants one).
    /// The output limit is above every scripted answer (the fake stops at it, counting words as tokens, as a model does).
    /// </summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal)
    {
        ["Llm__Timeout"] = "00:00:30",
        ["Llm__MaxRetries"] = "0",
        ["Llm__MaxOutputTokens"] = "4000",
        ["Plugins__StopTimeout"] = "00:00:10",
        ["Plugins__UnloadVerifyAttempts"] = "20",
        ["Host__ShutdownTimeout"] = "00:00:15",
        // Hosts run in parallel: none takes the default 8080. A test that wants the listener sets ListenerAddress.
        ["HTTP_ADDRESS"] = "off",
    };

    /// <summary>HTTP_ADDRESS for a test that wants the listener: a free loopback port picked by Kestrel.</summary>
    public const string ListenerAddress = "http://127.0.0.1:0";

    /// <summary>The model's timeout for a test that waits for it to pass (against a hanging model only).</summary>
    public const string ShortLlmTimeout = "00:00:03";

    /// <summary>Runs on the emulator before the bot connects (users, guilds, the application's team…).</summary>
    public Action<DiscordEmulator>? ConfigureWorld { get; set; }

    /// <summary>Runs once the host is starting, before the harness waits for READY (a test that looks at the bot before it connects).</summary>
    public Func<BotHarness, Task>? BeforeReady { get; set; }

    /// <summary>Runs once the cogs are in plugins/ and plugins.json is written, before the host starts (files a cog reads at load).</summary>
    public Action<BotHarness>? BeforeStart { get; set; }

    /// <summary>The OpenAI fake's options (answers, latency); the default echoes the prompt.</summary>
    public OpenAiFakeOptions LlmOptions { get; set; } = new();

    /// <summary>Another OpenAI-compatible endpoint to use instead of the fake (the slow streaming server).</summary>
    public Uri? LlmBaseUrlOverride { get; set; }

    /// <summary>
    /// A setup that loads only <paramref name="cogs"/> (no MessageHandler unless named), with no cog settings, ready
    /// once <c>!cogs</c> shows each running; Utility (when named) loads first. Build each entry with <see cref="Cog"/>.
    /// </summary>
    public static BotSetup OnlyCogs(params IReadOnlyList<(string Project, string Folder, string Name)> cogs)
    {
        var setup = new BotSetup();
        setup.Cogs.Clear();
        setup.LoadOrder.Clear();
        setup.Settings.Clear();
        setup.ReadyWhen.Clear();
        foreach ((string project, string folder, string name) in cogs)
        {
            setup.Cogs.Add((project, folder));
            setup.ReadyWhen.Add((name, "running"));
            if (folder == "Utility")
            {
                setup.LoadOrder.Add("Utility");
            }
        }

        return setup;
    }

    /// <summary>A cog for <see cref="OnlyCogs"/>: its build (project), its plugins folder and the name <c>!cogs</c> shows (default: the folder).</summary>
    public static (string Project, string Folder, string Name) Cog(string project, string? folder = null, string? name = null) =>
        (project, folder ?? project, name ?? folder ?? project);

    /// <summary>
    /// Settings for the MessageHandler cog with the suite's short defaults: edits every 200 ms, generous rate limits,
    /// a short cache TTL. Pass JSON members (without braces) to add or replace keys.
    /// </summary>
    public static string MessageHandlerSettings(string? extra = null, bool streaming = true, int streamEditIntervalMs = 200,
        string userRateLimit = """{ "capacity": 1000, "tokensPerPeriod": 1000, "periodSeconds": 1 }""",
        string guildRateLimit = """{ "capacity": 1000, "tokensPerPeriod": 1000, "periodSeconds": 1 }""") =>
        "{ " + string.Join(", ", new[]
        {
            "\"systemPrompt\": \"You are AndyAI under test.\"",
            $"\"streaming\": {(streaming ? "true" : "false")}",
            $"\"streamEditIntervalMs\": {streamEditIntervalMs}",
            "\"cacheTtlSeconds\": 600",
            "\"historyMaxMessages\": 10",
            "\"maxPromptLength\": 300",
            $"\"userRateLimit\": {userRateLimit}",
            $"\"guildRateLimit\": {guildRateLimit}",
            extra,
        }.Where(s => !string.IsNullOrWhiteSpace(s))) + " }";
}
