using System.ClientModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
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
/// <remarks>
/// Both calls run one pipeline (<see cref="RunAsync"/>): check the request → start the deadline → the cache, whose
/// stampede protection lets concurrent identical requests share one call → a concurrency slot → attempts with
/// backoff. A streamed call differs only in passing a writer that each attempt feeds its text deltas to.
/// </remarks>
internal sealed class LlmService(LlmBackend backend, ResponseCachePartition cache) : ILlmService
{
    public bool IsConfigured => backend.IsConfigured;

    public IReadOnlyList<LlmModelInfo> Models => backend.Models;

    public string ProviderDescription => backend.ProviderDescription;

    public Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(request, deltas: null, cancellationToken);

    public async IAsyncEnumerable<LlmStreamUpdate> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var deltas = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        // Ends the call when the consumer leaves the loop early (break, exception) without cancelling its token.
        using var abandoned = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<LlmResult> call = RunAsync(request, deltas.Writer, abandoned.Token);
        try
        {
            // Not the caller's token: cancelling ends the call, which completes the writer and yields a Cancelled result.
            await foreach (string delta in deltas.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return new LlmStreamUpdate(delta);
            }

            yield return new LlmStreamUpdate("", await call);
        }
        finally
        {
            if (!call.IsCompleted)
            {
                await abandoned.CancelAsync();
                await call;
            }
        }
    }

    public async ValueTask<LlmResult?> TryGetCachedAsync(LlmRequest request, CancellationToken cancellationToken = default)
    {
        if (Check(request, cancellationToken, out LlmModel? model) is not null)
        {
            return null;
        }

        using Activity? activity = ServicesMetrics.Tracing.StartActivity("cache lookup");
        string? text = await cache.PeekFullKeyAsync(CacheKey(request, model!), cancellationToken);
        activity?.SetTag("cache.hit", text is not null);
        if (text is null)
        {
            return null;
        }

        LlmResult hit = FromCache(text);
        backend.Counters.Request();
        backend.Counters.Completed(hit);
        return hit;
    }

    private async Task<LlmResult> RunAsync(LlmRequest request, ChannelWriter<string>? deltas, CancellationToken cancellationToken)
    {
        backend.Counters.Request();
        LlmResult result;
        try
        {
            result = await RunCoreAsync(request, deltas, cancellationToken);
        }
        finally
        {
            deltas?.TryComplete();
        }

        backend.Counters.Completed(result);
        return result;
    }

    private async Task<LlmResult> RunCoreAsync(LlmRequest request, ChannelWriter<string>? deltas, CancellationToken cancellationToken)
    {
        if (Check(request, cancellationToken, out LlmModel? model) is { } rejected)
        {
            return rejected;
        }

        if (request.UserId is { } userId && await QuotaExceededUntilAsync(userId, request.GuildId, cancellationToken) is { } resets)
        {
            return LlmErrorMapper.Result(LlmOutcome.QuotaExceeded, 0, $"The daily token quota is used up until {resets:O}.") with { QuotaResetsAt = resets };
        }

        DeltaSink? sink = deltas is null ? null : new DeltaSink(deltas);
        LlmResult result = await RunModelAsync(model!, request, sink, cancellationToken);
        if (backend.Fallback is not { } fallback || !ShouldFallBack(result, model!, fallback, sink, cancellationToken))
        {
            return result;
        }

        Log.FallingBack(backend.Logger, model!.Settings.PublicName, result.Outcome, fallback.Settings.PublicName);
        return await RunModelAsync(fallback, request, sink, cancellationToken) with { FromFallback = true };
    }

    /// <summary>
    /// Whether the chosen model's failure is one the fallback may fix: the provider was down, slow, limited or refused
    /// the call, after its retries. Not when the caller cancelled, and not once a streamed answer showed text (the
    /// user would see two answers run together).
    /// </summary>
    private static bool ShouldFallBack(LlmResult result, LlmModel chosen, LlmModel fallback, DeltaSink? sink, CancellationToken cancellationToken) =>
        result.Outcome is LlmOutcome.Unavailable or LlmOutcome.Timeout or LlmOutcome.RateLimited or LlmOutcome.Unauthorized or LlmOutcome.BadRequest
        && !ReferenceEquals(chosen, fallback)
        && !cancellationToken.IsCancellationRequested
        && sink?.Wrote != true;

    /// <summary>Asks the accounts whether a quota stops the user; a failure to find out lets them go ahead (quotas never stop a bot whose database is down).</summary>
    public async ValueTask<DateTimeOffset?> QuotaExceededUntilAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken = default)
    {
        if (backend.Accounting is not { } accounting)
        {
            return null;
        }

        try
        {
            return await accounting.QuotaExceededUntilAsync(userId, guildId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.QuotaCheckFailed(backend.Logger, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <summary>One model's pipeline: the deadline, the cache with stampede protection, the provider call. Never throws.</summary>
    private async Task<LlmResult> RunModelAsync(LlmModel model, LlmRequest request, DeltaSink? deltas, CancellationToken cancellationToken) =>
        await RunModelCoreAsync(model, request, deltas, cancellationToken) with { Model = model.Settings.PublicName };

    private async Task<LlmResult> RunModelCoreAsync(LlmModel model, LlmRequest request, DeltaSink? deltas, CancellationToken cancellationToken)
    {
        string systemPrompt = SystemPrompt(request, model);
        using var deadline = new CancellationTokenSource(backend.Options.Deadline, backend.Time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        if (request.CacheTimeToLive is not { } ttl || ttl <= TimeSpan.Zero)
        {
            return await CallProviderAsync(model, systemPrompt, request, deltas, call.Token, deadline.Token);
        }

        // Concurrent identical requests share one provider call (HybridCache stampede protection); a failure is
        // thrown out of the factory so it is shared with the waiting callers but never cached.
        LlmResult? fresh = null;
        // HybridCache may run the factory outside the caller's execution context (and the caller's span may have
        // ended already: a stopped activity cannot be made current again): the provider call names its parent.
        ActivityContext caller = Activity.Current?.Context ?? default;
        try
        {
            string text = await cache.GetOrCreateFullKeyAsync(
                CacheKey(request, model),
                async sharedToken =>
                {

                    // The shared token ends when every waiting caller has given up; the deadline still bounds the call.
                    using var bounded = CancellationTokenSource.CreateLinkedTokenSource(sharedToken, deadline.Token);
                    LlmResult called = await CallProviderAsync(model, systemPrompt, request, deltas, bounded.Token, deadline.Token, caller);
                    fresh = called;
                    // An empty answer is a provider hiccup, not an answer worth repeating for the cache's lifetime.
                    // So is an answer cut at the length limit: it is unfinished (the caller may ask the model to go on).
                    return called.IsOk && !called.Truncated && !string.IsNullOrWhiteSpace(called.Text) ? called.Text : throw new UncachedResultException(called);
                },
                ttl,
                call.Token);
            if (fresh is not null)
            {
                return fresh;
            }

            deltas?.Write(text); // a hit, or another caller's answer: the whole text is the one delta
            return FromCache(text);
        }
        catch (UncachedResultException shared)
        {
            return shared.Result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return LlmErrorMapper.Result(LlmOutcome.Cancelled, 0, "Cancelled by the caller.");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return DeadlinePassed(0, "waiting for an identical request's answer");
        }
        catch (Exception ex)
        {
            // The cache itself failed (e.g. a second level that is down): answer without it rather than fail the cog.
            return fresh ?? await CallProviderAsync(model, systemPrompt, request, deltas, call.Token, deadline.Token) with { Detail = "cache bypassed: " + ex.Message };
        }
    }

    /// <summary>Waits for a concurrency slot, then makes the attempts. Never throws.</summary>
    private async Task<LlmResult> CallProviderAsync(
        LlmModel model, string systemPrompt, LlmRequest request, DeltaSink? deltas, CancellationToken token, CancellationToken deadline, ActivityContext parent = default)
    {
        RateLimitLease lease;
        try
        {
            lease = await backend.Concurrency.AcquireAsync(1, token);
        }
        catch (OperationCanceledException)
        {
            return deadline.IsCancellationRequested
                ? DeadlinePassed(0, "waiting for a free slot (RateLimits:MaxConcurrentLlmCalls)")
                : LlmErrorMapper.Result(LlmOutcome.Cancelled, 0, "Cancelled by the caller.");
        }

        LlmResult result;
        using (lease)
        {
            if (!lease.IsAcquired)
            {
                return Busy();
            }

            using Activity? activity = ServicesMetrics.Tracing.StartActivity("llm " + model.Settings.Model, ActivityKind.Client, parent);
            long started = backend.Time.GetTimestamp();
            result = await AttemptAsync(model, BuildMessages(systemPrompt, request), BuildOptions(model.Settings, request), deltas, token, deadline);
            backend.CallDuration.Record(backend.Time.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("model", model.Settings.Model), new KeyValuePair<string, object?>("outcome", result.Outcome.ToString()));
            activity?.SetTag("gen_ai.request.model", model.Settings.Model).SetTag("llm.outcome", result.Outcome.ToString()).SetTag("llm.attempts", result.Attempts);
        }

        backend.Counters.ProviderCall(result.Attempts);
        Report(model, result);
        if (result.Usage is { } usage && request.UserId is { } userId && backend.Accounting is { } accounting)
        {
            accounting.Record(new LlmUsageEntry(userId, request.GuildId, model.Settings.Model!, usage.InputTokens, usage.OutputTokens, backend.Time.GetUtcNow()));
        }

        return result;
    }

    /// <summary>
    /// Calls the provider until an attempt answers, fails for good, or the token ends. A streamed attempt that has
    /// already shown text is not repeated: the user would see the answer start twice.
    /// </summary>
    private async Task<LlmResult> AttemptAsync(LlmModel model, List<ChatMessage> messages, ChatCompletionOptions options, DeltaSink? deltas, CancellationToken token, CancellationToken deadline)
    {
        for (int attempt = 1; ; attempt++)
        {
            Attempt outcome = deltas is null
                ? await CompleteOnceAsync(model, messages, options, token)
                : await StreamOnceAsync(model, messages, options, deltas, token);
            if (outcome.Failure is not { } failure)
            {
                return outcome.Answer! with { Attempts = attempt };
            }

            if (outcome.ShowedText || !backend.Retry.ShouldRetry(failure, attempt, token))
            {
                return Failed(failure, attempt, token, deadline);
            }

            try
            {
                await Task.Delay(backend.Retry.NextDelay(failure, attempt), backend.Time, token);
            }
            catch (OperationCanceledException)
            {
                return Failed(failure, attempt, token, deadline);
            }
        }
    }

    private static async Task<Attempt> CompleteOnceAsync(LlmModel model, List<ChatMessage> messages, ChatCompletionOptions options, CancellationToken token)
    {
        try
        {
            ClientResult<ChatCompletion> response = await model.Client.CompleteChatAsync(messages, options, token);
            ChatCompletion completion = response.Value;
            return new Attempt(new LlmResult
            {
                Outcome = LlmOutcome.Ok,
                Text = ContentText(completion.Content),
                Usage = completion.Usage is { } u ? new LlmUsage(u.InputTokenCount, u.OutputTokenCount) : null,
                Truncated = completion.FinishReason == ChatFinishReason.Length,
            });
        }
        catch (Exception ex)
        {
            return new Attempt(null, ex);
        }
    }

    private static async Task<Attempt> StreamOnceAsync(LlmModel model, List<ChatMessage> messages, ChatCompletionOptions options, DeltaSink deltas, CancellationToken token)
    {
        var text = new StringBuilder();
        LlmUsage? usage = null;
        bool finished = false;
        bool truncated = false;
        IAsyncEnumerator<StreamingChatCompletionUpdate>? stream = null;
        try
        {
            // The SDK sends the request inside the first MoveNextAsync, so HTTP errors surface there.
            stream = model.Client.CompleteChatStreamingAsync(messages, options, token).GetAsyncEnumerator(token);
            while (await stream.MoveNextAsync())
            {
                StreamingChatCompletionUpdate update = stream.Current;
                finished |= update.FinishReason is not null;
                truncated |= update.FinishReason == ChatFinishReason.Length;
                if (update.Usage is { } u)
                {
                    usage = new LlmUsage(u.InputTokenCount, u.OutputTokenCount);
                }

                string delta = ContentText(update.ContentUpdate);
                if (delta.Length > 0)
                {
                    text.Append(delta);
                    deltas.Write(delta);
                }
            }
        }
        catch (Exception ex)
        {
            return new Attempt(null, ex, ShowedText: text.Length > 0);
        }
        finally
        {
            if (stream is not null)
            {
                await DisposeQuietlyAsync(stream);
            }
        }

        // Some transports report a dropped connection as a clean end; an answer without a finish_reason was cut.
        return finished
            ? new Attempt(new LlmResult { Outcome = LlmOutcome.Ok, Text = text.ToString(), Usage = usage, Truncated = truncated })
            : new Attempt(LlmErrorMapper.Result(LlmOutcome.Unavailable, 0, "The stream ended before the answer finished (no finish_reason)."));
    }

    private LlmResult Failed(Exception failure, int attempts, CancellationToken token, CancellationToken deadline) =>
        deadline.IsCancellationRequested && token.IsCancellationRequested
            ? DeadlinePassed(attempts, $"last failure {failure.GetType().Name}: {failure.Message}")
            : LlmErrorMapper.Map(failure, attempts, backend.Time, token);

    private LlmResult DeadlinePassed(int attempts, string detail) => LlmErrorMapper.Result(
        LlmOutcome.Timeout,
        attempts,
        $"No answer within Llm:Deadline ({backend.Options.Deadline}) after {attempts} attempt(s); {detail}.");

    private static LlmResult FromCache(string text) => new() { Outcome = LlmOutcome.Ok, Text = text, FromCache = true, Attempts = 0 };

    private static string SystemPrompt(LlmRequest request, LlmModel model) => request.SystemPrompt ?? model.Settings.SystemPrompt ?? "";

    private string CacheKey(LlmRequest request, LlmModel model) =>
        LlmCacheKey.Create(cache.KeyPrefix, model.Settings, model.Endpoint, SystemPrompt(request, model), request.Messages);

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

    private static LlmResult Busy() => LlmErrorMapper.Result(LlmOutcome.RateLimited, 0, "Too many LLM calls are waiting (RateLimits:LlmQueueLimit).");

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
            await stream.DisposeAsync();
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

    /// <summary>The stream's writer, remembering whether any text went out (then no fallback may follow).</summary>
    private sealed class DeltaSink(ChannelWriter<string> writer)
    {
        private volatile bool _wrote;

        public bool Wrote => _wrote;

        public void Write(string delta)
        {
            _wrote = true;
            writer.TryWrite(delta);
        }
    }

    /// <summary>One attempt: an answer (Ok, or a cut stream), or what it threw and whether text was already shown.</summary>
    private readonly record struct Attempt(LlmResult? Answer, Exception? Failure = null, bool ShowedText = false);
}
