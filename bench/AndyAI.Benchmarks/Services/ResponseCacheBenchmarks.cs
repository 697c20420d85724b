using AndyAI.Abstractions.Llm;
using AndyAI.Emulator.OpenAi;
using AndyAI.Services;
using AndyAI.Services.Caching;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AndyAI.Benchmarks.Services;

/// <summary>A response-cache hit: through a cog's partition, straight on HybridCache, and a cached LLM answer.</summary>
[MemoryDiagnoser]
public class ResponseCacheBenchmarks
{
    private static readonly Func<CancellationToken, ValueTask<string>> Factory = static _ => ValueTask.FromResult("fresh");
    private static readonly string[] Tags = ["cog:bench"];
    private ServiceProvider _services = null!;
    private OpenAiFakeServer _fake = null!;
    private IResponseCache _partition = null!;
    private HybridCache _hybrid = null!;
    private HybridCacheEntryOptions _entryOptions = null!;
    private ILlmService _llm = null!;
    private LlmRequest _request = null!;
    private string _fullKey = "";

    [GlobalSetup]
    public async Task Setup()
    {
        _fake = await OpenAiFakeServer.StartAsync();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:BaseUrl"] = _fake.BaseUrl.ToString(),
            ["Llm:ApiKey"] = "bench",
        }).Build();
        _services = new ServiceCollection().AddAndyAIServices(configuration).BuildServiceProvider();
        ICogServices cog = _services.GetRequiredService<ICogServicesFactory>().Create("bench");
        _partition = cog.Cache;
        _llm = cog.Llm;
        await _partition.SetAsync("greeting", "hello there", TimeSpan.FromHours(1));

        _hybrid = _services.GetRequiredService<ResponseCacheStore>().Hybrid;
        _entryOptions = new HybridCacheEntryOptions { Expiration = TimeSpan.FromHours(1), LocalCacheExpiration = TimeSpan.FromHours(1) };
        _fullKey = ((ResponseCachePartition)_partition).KeyPrefix + "greeting";

        _request = new LlmRequest([new ChatTurn(ChatRole.User, "What is the answer?")]) { CacheTimeToLive = TimeSpan.FromHours(1) };
        LlmResult first = await _llm.CompleteAsync(_request);
        if (!first.IsOk)
        {
            throw new InvalidOperationException("setup call failed: " + first.Detail);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "IResponseCache.GetOrCreateAsync hit (cog partition)")]
    public ValueTask<string> Partition_Hit() => _partition.GetOrCreateAsync("greeting", Factory, TimeSpan.FromHours(1));

    [Benchmark(Description = "HybridCache.GetOrCreateAsync hit (prefixed key, tags)")]
    public ValueTask<string> Hybrid_Hit() => _hybrid.GetOrCreateAsync(_fullKey, Factory, static (f, ct) => f(ct), _entryOptions, Tags);

    [Benchmark(Description = "ILlmService.CompleteAsync cached answer (key hash + hit)")]
    public Task<LlmResult> Llm_CachedAnswer() => _llm.CompleteAsync(_request);
}
