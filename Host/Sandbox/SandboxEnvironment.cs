using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;
using AndyAI.Host.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// Sandbox mode (no DISCORD_API_TOKEN): a Discord emulator and, unless a model is configured, the OpenAI-compatible
/// fake with the offline responder, both in-process on 127.0.0.1 and started before the host, so the bot connects
/// to them exactly as it would to Discord and OpenAI.
/// </summary>
internal sealed class SandboxEnvironment : IAsyncDisposable
{
    // The chat scans recorded requests for typing at each poll; a person's session needs only the recent ones.
    private const int RecordedRequests = 1_000;
    private const int RecordedFrames = 1_000;

    // What AndyAI.Services sends when OPENAI_MODEL is unset (its ResolvedModel.DefaultModel, internal there).
    private const string DefaultModel = "gpt-4o-mini";

    private SandboxEnvironment(DiscordEmulator emulator, OpenAiFakeServer? llm, string llmDescription)
    {
        Emulator = emulator;
        OfflineLlm = llm;
        LlmDescription = llmDescription;
    }

    /// <summary>The banner line saying which LLM answers (<see cref="DescribeLlm(bool, string?, string?)"/>).</summary>
    public string LlmDescription { get; }

    public DiscordEmulator Emulator { get; }

    /// <summary>The offline responder's server, or null when a real model (key or base URL) is configured.</summary>
    public OpenAiFakeServer? OfflineLlm { get; }

    public static async Task<SandboxEnvironment> StartAsync(IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { MaxRecordedRequests = RecordedRequests, MaxRecordedFrames = RecordedFrames }, loggerFactory, cancellationToken);
        OpenAiFakeServer? llm = null;
        try
        {
            bool modelConfigured = !string.IsNullOrWhiteSpace(configuration[ConfigurationKeys.LlmApiKey])
                || !string.IsNullOrWhiteSpace(configuration[ConfigurationKeys.LlmBaseUrl]);
            if (!modelConfigured)
            {
                llm = await OpenAiFakeServer.StartAsync(new OpenAiFakeOptions { Responder = OfflineResponder.Respond, StreamChunkCharacters = 24 }, cancellationToken);
            }
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }

        return new SandboxEnvironment(emulator, llm,
            DescribeLlm(llm is not null, configuration[ConfigurationKeys.LlmBaseUrl], configuration[ConfigurationKeys.LlmModel]));
    }

    /// <summary>What the host's configuration must say to use the sandbox (added over every other source).</summary>
    public Dictionary<string, string?> ConfigurationOverrides()
    {
        var values = new Dictionary<string, string?>
        {
            [ConfigurationKeys.DiscordToken] = Emulator.BotToken,
            [ConfigurationKeys.DiscordApiBaseUrl] = Emulator.RestBaseUrl,
        };
        if (OfflineLlm is not null)
        {
            values[ConfigurationKeys.LlmBaseUrl] = OfflineLlm.BaseUrl.ToString();
            values[ConfigurationKeys.LlmApiKey] = "sandbox-offline-responder";
        }

        return values;
    }

    /// <summary>
    /// One line saying which LLM answers: the offline responder (and how to connect a real one), or the server and
    /// model. Built from the base URL and model only — the API key is never part of it, and credentials in the URL
    /// are masked.
    /// </summary>
    internal static string DescribeLlm(bool offline, string? baseUrl, string? model)
    {
        if (offline)
        {
            return "LLM: offline responder (not a language model; set OPENAI_API_KEY, or OPENAI_BASE_URL for a local " +
                "OpenAI-compatible server, for real answers)";
        }

        string modelName = string.IsNullOrWhiteSpace(model) ? DefaultModel : model.Trim();
        return string.IsNullOrWhiteSpace(baseUrl)
            ? $"LLM: OpenAI at {AndyAI.Services.Llm.LlmOptions.DefaultBaseUrl}, model {modelName}"
            : $"LLM: OpenAI-compatible server at {SecretValues.RedactUrl(baseUrl.Trim())}, model {modelName}";
    }

    public async ValueTask DisposeAsync()
    {
        if (OfflineLlm is not null)
        {
            await OfflineLlm.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
