using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using AndyAI.Abstractions.Llm;
using AndyAI.Services.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace AndyAI.Services.Llm;

/// <summary>
/// The host-wide LLM plumbing shared by every cog's <see cref="LlmService"/>: one <see cref="LlmModel"/> per configured
/// model (its SDK <see cref="ChatClient"/> has the explicit retry policy and network timeout, and is created at the
/// first call), the global cap on concurrent calls, and the counters.
/// </summary>
internal sealed class LlmBackend : IDisposable
{
    private readonly Dictionary<string, LlmModel> _models = new(StringComparer.OrdinalIgnoreCase);

    public LlmBackend(IOptions<LlmOptions> options, IOptions<RateLimitOptions> rateLimits, TimeProvider time, ILogger<LlmBackend> logger, IMeterFactory? meters = null,
        ILlmAccounting? accounting = null)
    {
        Accounting = accounting;
        // Per provider call, by model: the one LLM figure that is a distribution, so it is recorded, not observed.
        CallDuration = (meters?.Create(ServicesMetrics.LlmMeter) ?? NoMeter).CreateHistogram<double>(
            "andyai.llm.call.duration", "s", "Provider calls (all attempts) by model and outcome");
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rateLimits);
        LlmOptions settings = options.Value;
        Options = settings;
        Time = time;
        Logger = logger;
        Retry = new LlmRetryPolicy(settings, time);
        Concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = rateLimits.Value.MaxConcurrentLlmCalls,
            QueueLimit = rateLimits.Value.LlmQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        IsConfigured = settings.Enabled;
        if (!settings.Enabled)
        {
            ProviderDescription = "none (Llm:Enabled=false)";
            return;
        }

        // The validator ran at start (ValidateOnStart); anything unusable here is a programming error.
        _models[""] = DescribeModel(ResolvedModel.Resolve("", settings, settings), settings);
        foreach ((string name, LlmModelOptions model) in settings.Models)
        {
            _models[name] = DescribeModel(ResolvedModel.Resolve(name, model, settings), settings);
        }

        if (!string.IsNullOrWhiteSpace(settings.FallbackModel))
        {
            TryGetModel(settings.FallbackModel, out LlmModel fallback);
            Fallback = fallback;
        }

        Models = [.. _models.Values.Select(m => new LlmModelInfo(m.Settings.PublicName, m.Settings.DisplayName!, m.Settings.ContextTokens ?? 0, ReferenceEquals(m, Fallback)))];
        LlmModel main = _models[""];
        ProviderDescription = $"OpenAI-compatible API at {main.Endpoint.GetLeftPart(UriPartial.Path)}, model {main.Settings.Model}" +
            (settings.Models.Count > 0 ? $" (+{settings.Models.Count} named: {string.Join(", ", settings.Models.Keys)})" : "");
        Log.LlmProvider(logger, ProviderDescription);
    }

    public LlmOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public bool IsConfigured { get; }

    public string ProviderDescription { get; }

    public ConcurrencyLimiter Concurrency { get; }

    public LlmRetryPolicy Retry { get; }

    public LlmCounters Counters { get; } = new();

    /// <summary>Seconds per provider call, tagged with the model and outcome.</summary>
    public Histogram<double> CallDuration { get; }

    // Without a meter factory (tests, tools) the histogram belongs to a meter nobody listens to: recording is a no-op.
    private static readonly Meter NoMeter = new("AndyAI.Llm.Unobserved");

    /// <summary>Records usage and enforces quotas; <see langword="null"/> when the host keeps no accounts.</summary>
    public ILlmAccounting? Accounting { get; }

    /// <summary>The model that answers when the chosen one fails (Llm:FallbackModel), if any.</summary>
    public LlmModel? Fallback { get; }

    /// <summary>The configured models, the default first.</summary>
    public IReadOnlyList<LlmModelInfo> Models { get; } = [];

    /// <summary>A configured model by name: <see langword="null"/>, empty or <c>default</c> is the default model.</summary>
    public bool TryGetModel(string? name, out LlmModel model) =>
        _models.TryGetValue(string.Equals(name, LlmModelInfo.DefaultName, StringComparison.OrdinalIgnoreCase) ? "" : name ?? "", out model!);

    public IEnumerable<string> ModelNames => _models.Keys.Where(k => k.Length > 0);

    public void Dispose() => Concurrency.Dispose();

    private static LlmModel DescribeModel(ResolvedModel model, LlmOptions settings)
    {
        if (!ResolvedModel.TryNormaliseEndpoint(model.BaseUrl!, out Uri? endpoint))
        {
            throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions), [$"Llm BaseUrl '{model.BaseUrl}' is not an absolute http(s) URL."]);
        }

        return new LlmModel(model, endpoint, settings);
    }
}
