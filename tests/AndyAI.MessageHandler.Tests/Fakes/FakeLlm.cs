using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

/// <summary>A model whose answer a test chooses; records every request. Streams the answer in pieces, optionally spaced in (fake) time.</summary>
internal sealed class FakeLlm(TimeProvider time) : ILlmService
{
    public ConcurrentQueue<LlmRequest> Requests { get; } = new();

    public int CompleteCalls;

    public int StreamCalls;

    /// <summary>The answer to a request; by default an echo of the last turn.</summary>
    public Func<LlmRequest, LlmResult> Respond { get; set; } = request => new LlmResult { Outcome = LlmOutcome.Ok, Text = "Answer to: " + request.Messages[^1].Text, Attempts = 1 };

    /// <summary>How many characters each streamed delta carries.</summary>
    public int StreamPieceLength { get; set; } = 50;

    /// <summary>Fake time between two streamed deltas.</summary>
    public TimeSpan StreamDelay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, a request waits for it before answering (lets a test hold a request in flight).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, requests throw it (a misbehaving service; the contract says it never throws).</summary>
    public Exception? Throw { get; set; }

    public bool IsConfigured => true;

    public string ProviderDescription => "fake";

    public async Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref CompleteCalls);
        Requests.Enqueue(request);
        if (Throw is { } exception)
        {
            throw exception;
        }

        if (Gate is { } gate)
        {
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return new LlmResult { Outcome = LlmOutcome.Cancelled };
            }
        }

        return Respond(request);
    }

    public async IAsyncEnumerable<LlmStreamUpdate> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref StreamCalls);
        Requests.Enqueue(request);
        if (Throw is { } exception)
        {
            throw exception;
        }

        if (Gate is { } gate)
        {
            bool cancelled = false;
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }

            if (cancelled)
            {
                yield return new LlmStreamUpdate("", new LlmResult { Outcome = LlmOutcome.Cancelled });
                yield break;
            }
        }

        LlmResult result = Respond(request);
        if (result.IsOk)
        {
            for (int i = 0; i < result.Text.Length; i += StreamPieceLength)
            {
                if (StreamDelay > TimeSpan.Zero)
                {
                    await Task.Delay(StreamDelay, time, cancellationToken);
                }

                yield return new LlmStreamUpdate(result.Text.Substring(i, Math.Min(StreamPieceLength, result.Text.Length - i)));
            }
        }

        yield return new LlmStreamUpdate("", result);
    }
}
