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
    private SandboxEnvironment(DiscordEmulator emulator, OpenAiFakeServer? llm)
    {
        Emulator = emulator;
        OfflineLlm = llm;
    }

    public DiscordEmulator Emulator { get; }

    /// <summary>The offline responder's server, or null when a real model (key or base URL) is configured.</summary>
    public OpenAiFakeServer? OfflineLlm { get; }

    public static async Task<SandboxEnvironment> StartAsync(IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(), loggerFactory, cancellationToken);
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

        return new SandboxEnvironment(emulator, llm);
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

    /// <summary>One line for the startup log saying which LLM is in use.</summary>
    public string DescribeLlm(IConfiguration configuration) =>
        OfflineLlm is not null
            ? "LLM: the offline responder (not a language model; set OPENAI_API_KEY or OPENAI_BASE_URL for real answers)"
            : $"LLM: {SecretValues.RedactUrl(configuration[ConfigurationKeys.LlmBaseUrl] ?? "OpenAI")} (model {configuration[ConfigurationKeys.LlmModel] ?? "default"})";

    public async ValueTask DisposeAsync()
    {
        if (OfflineLlm is not null)
        {
            await OfflineLlm.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
