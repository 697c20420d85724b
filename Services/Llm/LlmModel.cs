using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using OpenAI;
using OpenAI.Chat;

namespace AndyAI.Services.Llm;

/// <summary>
/// A configured model and its SDK client. The client is created at the first call, not at start: the SDK (OpenAI,
/// System.ClientModel, their HTTP pipeline and TLS set-up, and the code the JIT compiles for them) is several MB of
/// RSS that a bot nobody has asked anything yet does not need. Everything the client is built from was validated at
/// start, so creating it cannot fail on configuration.
/// </summary>
internal sealed class LlmModel(ResolvedModel settings, Uri endpoint, LlmOptions options)
{
    private ChatClient? _client;

    public ResolvedModel Settings { get; } = settings;

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The SDK client, created on first use (concurrent first uses may build two; one wins, both work).</summary>
    public ChatClient Client => Volatile.Read(ref _client) ?? CreateClient();

    public bool IsClientCreated => Volatile.Read(ref _client) is not null;

    // NoInlining: callers of Client compile without loading the SDK's types until a client is really built.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ChatClient CreateClient()
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = Endpoint,
            // The service runs the attempts (LlmRetryPolicy) under one deadline; SDK retries would hide inside it.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout,
            UserAgentApplicationId = "AndyAI",
        };

        // Local providers ignore the key, but the SDK requires a non-empty credential.
        string key = string.IsNullOrWhiteSpace(Settings.ApiKey) ? "local-provider" : Settings.ApiKey;
        var client = new ChatClient(Settings.Model!, new ApiKeyCredential(key), clientOptions);
        return Interlocked.CompareExchange(ref _client, client, null) ?? client;
    }
}
