using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Services;

namespace AndyAI.Host.Tests.Fakes;

internal sealed class FakeCogServices(string cogName) : ICogServices
{
    public string CogName { get; } = cogName;

    public bool Disposed { get; private set; }

    public ILlmService Llm { get; } = new NotConfiguredLlm();

    // Not used by the context tests; the context only hands them through.
    public IResponseCache Cache { get; } = null!;

    public IRateLimitService RateLimits { get; } = null!;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return default;
    }

    private sealed class NotConfiguredLlm : ILlmService
    {
        public bool IsConfigured => false;

        public string ProviderDescription => "none";

        public Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new LlmResult { Outcome = LlmOutcome.Unauthorized });

        public async IAsyncEnumerable<LlmStreamUpdate> StreamAsync(LlmRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield return new LlmStreamUpdate("", new LlmResult { Outcome = LlmOutcome.Unauthorized });
        }
    }
}
