using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.RateLimiting;
using AndyAI.Abstractions.Llm;
using AndyAI.Services.Caching;
using OpenAI.Chat;
using ChatRole = AndyAI.Abstractions.Llm.ChatRole;

namespace AndyAI.Services.Llm;

/// <summary>
/// <see cref="ILlmService"/> over the OpenAI SDK for one cache partition (a cog's, or the host's). Every outcome
/// comes back as an <see cref="LlmResult"/>; nothing the SDK throws reaches the caller.
/// </summary>
internal sealed class LlmService(LlmBackend backend, ResponseCachePartition cache) : ILlmService
{
    public bool IsConfigured => backend.IsConfigured;

    public string ProviderDescription => backend.ProviderDescription;

    public async Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default)
    {
        backend.Counters.Request();
        LlmResult result = await CompleteCoreAsync(request, cancellationToken).ConfigureAwait(false);
        backend.Counters.Completed(result);
        return result;
    }

    public async IAsyncEnumerable<LlmStreamUpdate> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        backend.Counters.Request();
        LlmResult? early = Check(request, cancellationToken, out LlmModel? model);
        if (early is not null)
        {
            backend.Counters.Completed(early);
            yield return new LlmStreamUpdate("", early);
            yield break;
        }

        string systemPrompt = request.SystemPrompt ?? model!.Settings.SystemPrompt ?? "";
        string? cacheKey = null;
        if (request.CacheTimeToLive is { } ttl && ttl > TimeSpan.Zero)
        {
            cacheKey = LlmCacheKey.Create(cache.KeyPrefix, model!.Settings, model.Endpoint, systemPrompt, request.Messages);
            string? cached = await TryGetCachedAsync(cacheKey, cancellationToken).ConfigureAwait(false);
            if (cached is not null)
            {
                var hit = new LlmResult { Outcome = LlmOutcome.Ok, Text = cached, FromCache = true, Attempts = 0 };
                backend.Counters.Completed(hit);
                yield return new LlmStreamUpdate(cached);
                yield return new LlmStreamUpdate("", hit);
                yield break;
            }
        }

        var counter = new AttemptCounter();
        using RateLimitLease lease = await AcquireSlotAsync(cancellationToken).ConfigureAwait(false);
        LlmResult? failure = lease.IsAcquired ? null : Busy();
        var text = new StringBuilder();
        LlmUsage? usage = null;
        bool finished = false;
        if (failure is null)
        {
            IAsyncEnumerator<StreamingChatCompletionUpdate>? stream = null;
            try
            {
                stream = model!.Client.CompleteChatStreamingAsync(BuildMessages(systemPrompt, request), BuildOptions(model.Settings, request), cancellationToken)
                    .GetAsyncEnumerator(cancellationToken);
            }
            catch (Exception ex)
            {
                failure = LlmErrorMapper.Map(ex, counter.Attempts, backend.Time, cancellationToken);
            }

            while (failure is null)
            {
                StreamingChatCompletionUpdate update;
                try
                {
                    // The SDK sends the request (and retries) inside the first MoveNextAsync; the counter must flow there.
                    LlmRetryPolicy.CurrentCall.Value = counter;
                    if (!await stream!.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = stream.Current;
                }
                catch (Exception ex)
                {
                    failure = LlmErrorMapper.Map(ex, Math.Max(1, counter.Attempts), backend.Time, cancellationToken);
                    break;
                }

                if (update.FinishReason is not null)
                {
                    finished = true;
                }

                if (update.Usage is { } u)
                {
                    usage = new LlmUsage(u.InputTokenCount, u.OutputTokenCount);
                }

                string delta = ContentText(update.ContentUpdate);
                if (delta.Length > 0)
                {
                    text.Append(delta);
                    yield return new LlmStreamUpdate(delta);
                }
            }

            if (stream is not null)
            {
                await DisposeQuietlyAsync(stream).ConfigureAwait(false);
            }

            if (failure is null && !finished)
            {
                // Some transports report a dropped connection as a clean end; an answer without a finish_reason was cut.
                failure = LlmErrorMapper.Result(LlmOutcome.Unavailable, Math.Max(1, counter.Attempts), "The stream ended before the answer finished (no finish_reason).");
            }

            backend.Counters.ProviderCall(Math.Max(1, counter.Attempts));
        }

        LlmResult result = failure ?? new LlmResult { Outcome = LlmOutcome.Ok, Text = text.ToString(), Usage = usage, Attempts = Math.Max(1, counter.Attempts) };
        Report(model!, result);
        if (result.IsOk && cacheKey is not null)
        {
            await TrySetCachedAsync(cacheKey, result.Text, request.CacheTimeToLive!.Value).ConfigureAwait(false);
        }

        backend.Counters.Completed(result);
        yield return new LlmStreamUpdate("", result);
    }

    private async Task<LlmResult> CompleteCoreAsync(LlmRequest request, CancellationToken cancellationToken)
    {
        LlmResult? early = Check(request, cancellationToken, out LlmModel? model);
        if (early is not null)
        {
            return early;
        }

        string systemPrompt = request.SystemPrompt ?? model!.Settings.SystemPrompt ?? "";
        if (request.CacheTimeToLive is not { } ttl || ttl <= TimeSpan.Zero)
        {
            return await CallProviderAsync(model!, systemPrompt, request, cancellationToken).ConfigureAwait(false);
        }

        // Concurrent identical requests share one provider call (HybridCache stampede protection); a failure is
        // thrown out of the factory so it is shared with the waiting callers but never cached.
        string key = LlmCacheKey.Create(cache.KeyPrefix, model!.Settings, model.Endpoint, systemPrompt, request.Messages);
        LlmResult? fresh = null;
        try
        {
            string text = await cache.GetOrCreateFullKeyAsync(
                key,
                async ct =>
                {
                    LlmResult called = await CallProviderAsync(model, systemPrompt, request, ct).ConfigureAwait(false);
                    fresh = called;
                    return called.IsOk ? called.Text : throw new UncachedResultException(called);
                },
                ttl,
                cancellationToken).ConfigureAwait(false);
            return fresh ?? new LlmResult { Outcome = LlmOutcome.Ok, Text = text, FromCache = true, Attempts = 0 };
        }
        catch (UncachedResultException shared)
        {
            return shared.Result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return LlmErrorMapper.Result(LlmOutcome.Cancelled, 0, "Cancelled by the caller.");
        }
        catch (Exception ex)
        {
            // The cache itself failed (e.g. a second level that is down): answer without it rather than fail the cog.
            return fresh ?? await CallProviderAsync(model, systemPrompt, request, cancellationToken).ConfigureAwait(false) with { Detail = "cache bypassed: " + ex.Message };
        }
    }

    private async Task<LlmResult> CallProviderAsync(LlmModel model, string systemPrompt, LlmRequest request, CancellationToken cancellationToken)
    {
        var counter = new AttemptCounter();
        LlmRetryPolicy.CurrentCall.Value = counter;
        LlmResult result;
        using (RateLimitLease lease = await AcquireSlotAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!lease.IsAcquired)
            {
                return cancellationToken.IsCancellationRequested ? LlmErrorMapper.Result(LlmOutcome.Cancelled, 0, "Cancelled by the caller.") : Busy();
            }

            try
            {
                ClientResult<ChatCompletion> response = await model.Client.CompleteChatAsync(BuildMessages(systemPrompt, request), BuildOptions(model.Settings, request), cancellationToken).ConfigureAwait(false);
                ChatCompletion completion = response.Value;
                result = new LlmResult
                {
                    Outcome = LlmOutcome.Ok,
                    Text = ContentText(completion.Content),
                    Usage = completion.Usage is { } u ? new LlmUsage(u.InputTokenCount, u.OutputTokenCount) : null,
                    Attempts = Math.Max(1, counter.Attempts),
                };
            }
            catch (Exception ex)
            {
                result = LlmErrorMapper.Map(ex, Math.Max(1, counter.Attempts), backend.Time, cancellationToken);
            }
        }

        backend.Counters.ProviderCall(result.Attempts);
        Report(model, result);
        return result;
    }

    private LlmResult? Check(LlmRequest? request, CancellationToken cancellationToken, out LlmModel? model)
    {
        model = null;
        if (!backend.IsConfigured)
        {
            return LlmErrorMapper.Result(LlmOutcome.Unauthorized, 0, "No language model is configured (Llm:Enabled=false). Set Llm:ApiKey (OPENAI_API_KEY) or a local Llm:BaseUrl and enable it.");
        }

        if (request is null || request.Messages is null || request.Messages.Count == 0)
        {
            return LlmErrorMapper.Result(LlmOutcome.BadRequest, 0, "The request has no messages.");
        }

        if (!backend.TryGetModel(request.Model, out LlmModel found))
        {
            return LlmErrorMapper.Result(LlmOutcome.BadRequest, 0, $"No model named '{request.Model}' is configured (Llm:Models); configured: {string.Join(", ", backend.ModelNames)}.");
        }

        if (request.Temperature is < 0 or > 2 || request.MaxOutputTokens is <= 0)
        {
            return LlmErrorMapper.Result(LlmOutcome.BadRequest, 0, "Temperature must be within 0–2 and MaxOutputTokens positive.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return LlmErrorMapper.Result(LlmOutcome.Cancelled, 0, "Cancelled by the caller.");
        }

        model = found;
        return null;
    }

    private async ValueTask<RateLimitLease> AcquireSlotAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await backend.Concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return CancelledLease.Instance;
        }
    }

    private static LlmResult Busy() => LlmErrorMapper.Result(LlmOutcome.RateLimited, 0, "Too many LLM calls are waiting (RateLimits:LlmQueueLimit).");

    private async ValueTask<string?> TryGetCachedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            cache.Store.CountLookup();
            string? value = await cache.Store.Hybrid.GetOrCreateAsync<string?>(key, static _ => ValueTask.FromResult<string?>(null), ResponseCacheStore.ReadOnly, null, cancellationToken).ConfigureAwait(false);
            if (value is null)
            {
                cache.Store.CountMiss();
            }

            return value;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private async ValueTask TrySetCachedAsync(string key, string value, TimeSpan ttl)
    {
        try
        {
            await cache.SetFullKeyAsync(key, value, ttl).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed cache write only costs a future miss.
        }
    }

    private void Report(LlmModel model, LlmResult result)
    {
        if (result.IsOk)
        {
            Log.LlmAnswered(backend.Logger, model.Settings.Model!, result.Attempts, result.Usage?.InputTokens ?? 0, result.Usage?.OutputTokens ?? 0);
        }
        else if (result.Outcome != LlmOutcome.Cancelled)
        {
            Log.LlmFailed(backend.Logger, model.Settings.Model!, result.Outcome, result.Attempts, result.Detail);
        }
    }

    private static List<ChatMessage> BuildMessages(string systemPrompt, LlmRequest request)
    {
        var messages = new List<ChatMessage>(request.Messages.Count + 1);
        if (!string.IsNullOrWhiteSpace(systemPrompt))
        {
            messages.Add(new SystemChatMessage(systemPrompt));
        }

        foreach (ChatTurn turn in request.Messages)
        {
            messages.Add(turn.Role switch
            {
                ChatRole.System => new SystemChatMessage(turn.Text ?? ""),
                ChatRole.Assistant => new AssistantChatMessage(turn.Text ?? ""),
                _ => new UserChatMessage(turn.Text ?? ""),
            });
        }

        return messages;
    }

    private static ChatCompletionOptions BuildOptions(ResolvedModel model, LlmRequest request) => new()
    {
        Temperature = request.Temperature ?? model.Temperature,
        MaxOutputTokenCount = request.MaxOutputTokens ?? model.MaxOutputTokens,
    };

    private static string ContentText(ChatMessageContent content)
    {
        if (content.Count == 1)
        {
            return content[0].Text ?? "";
        }

        var text = new StringBuilder();
        foreach (ChatMessageContentPart part in content)
        {
            if (part.Kind == ChatMessageContentPartKind.Text)
            {
                text.Append(part.Text);
            }
        }

        return text.ToString();
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<StreamingChatCompletionUpdate> stream)
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
        {
            // The connection is already broken; nothing to release.
        }
    }

    /// <summary>Carries a non-Ok result out of the cache factory so HybridCache shares it but does not store it.</summary>
    private sealed class UncachedResultException(LlmResult result) : Exception(result.Detail)
    {
        public LlmResult Result { get; } = result;
    }

    private sealed class CancelledLease : RateLimitLease
    {
        public static readonly CancelledLease Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
