using System.Runtime.CompilerServices;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

/// <summary>Streams the inner model's answer, but ends the stream after two deltas with Unavailable (a cut connection).</summary>
internal sealed class StreamThenFail(FakeLlmService inner) : ILlmService
{
    public bool IsConfigured => true;

    public string ProviderDescription => "fails mid-stream";

    public Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default) => inner.CompleteAsync(request, cancellationToken);

    public async IAsyncEnumerable<LlmStreamUpdate> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int deltas = 0;
        await foreach (LlmStreamUpdate update in inner.StreamAsync(request, cancellationToken))
        {
            if (update.Result is not null || ++deltas > 3)
            {
                break;
            }

            yield return update;
        }

        yield return new LlmStreamUpdate("", new LlmResult { Outcome = LlmOutcome.Unavailable, Detail = "stream cut" });
    }
}
