using AndyAI.Abstractions;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest.RateLimits;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Rest;

/// <summary>
/// Discord's REST API: bot authorization, JSON bodies, per-bucket and global rate limits, 429 and 5xx retries,
/// and typed errors (<see cref="DiscordRestException"/>).
/// </summary>
internal sealed partial class DiscordRestClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeHeaderValue OctetStreamContentType = new("application/octet-stream");

    /// <summary>The longest <c>retry_after</c> we wait out; a longer one fails the request rather than stall a reply for hours.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may take before it counts as a timeout.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly DiscordClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DiscordRestClient(HttpMessageHandler handler, DiscordClientOptions options, TimeProvider time, ILogger logger, bool disposeHandler = true, IRestCoordinator? coordinator = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        _options = options;
        _time = time;
        _logger = logger;
        _http = new HttpClient(handler, disposeHandler)
        {
            BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/v" + DiscordInfo.ApiVersion + "/"),
            Timeout = RequestTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(DiscordInfo.UserAgent);
        _authorization = new AuthenticationHeaderValue("Bot", options.Token);
        RateLimiter = new RestRateLimiter(time, options.InvalidRequestBudget, options.GlobalRequestsPerSecond, coordinator);
    }

    public RestRateLimiter RateLimiter { get; }

    /// <summary>The REST spans' source, shared with AndyAI.Discord.Hosting's DiscordTracing.</summary>
    internal static readonly ActivitySource Tracing = new("AndyAI.Discord");

    /// <summary>Requests and 429s per route, for metrics.</summary>
    public RestRouteCounters Routes { get; } = new();

    public void Dispose() => _http.Dispose();

    /// <summary>Discord's upload shape: the JSON body as <c>payload_json</c>, file n as <c>files[n]</c> (built anew per attempt).</summary>
    private static MultipartFormDataContent Multipart(HttpContent json, IReadOnlyList<Interactions.MessageFile> files)
    {
        var multipart = new MultipartFormDataContent();
        multipart.Add(json, "payload_json");
        for (int i = 0; i < files.Count; i++)
        {
            var part = new ReadOnlyMemoryContent(files[i].Content);
            part.Headers.ContentType = OctetStreamContentType;
            multipart.Add(part, string.Create(CultureInfo.InvariantCulture, $"files[{i}]"), files[i].FileName);
        }

        return multipart;
    }

    /// <summary>For reads whose answer we need: an unreadable body is an error here (nothing happened that a retry could repeat).</summary>
    private async Task<T> SendAsync<T>(RestRoute route, ReadOnlyMemory<byte>? body, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : class =>
        await SendCoreAsync(route, body, responseType, nullOnNotFound: false, cancellationToken)
            ?? throw new DiscordRestException(200, 0, $"{route.Template}: Discord's answer could not be read");

    private async Task<T?> SendCoreAsync<T>(RestRoute route, ReadOnlyMemory<byte>? body, JsonTypeInfo<T>? responseType, bool nullOnNotFound, CancellationToken cancellationToken,
        IReadOnlyList<Interactions.MessageFile>? files = null)
        where T : class
    {
        // Part of an answer's trace when one is being recorded (the caller's Activity.Current is the parent).
        using Activity? activity = Tracing.StartActivity("REST " + route.Template, ActivityKind.Client);
        for (int attempt = 0; ; attempt++)
        {
            bool canRetry = attempt < _options.RestMaxRetries;
            // A request that may have reached Discord is repeated only when repeating it cannot do a thing twice.
            bool canRetryUnanswered = canRetry && route.IsSafeToRepeat;
            RouteBucket bucket = route.IsInteraction ? RateLimiter.GetInteractionBucket(route.Template, route.MajorId) : RateLimiter.GetBucket(route.Template, route.MajorId);
            await bucket.AcquireAsync(cancellationToken);
            HttpResponseMessage response;
            try
            {
                // Discord: interaction endpoints are not bound by the bot's global rate limit, and the token in the
                // path authorizes them, so an answer never waits behind the bot's other traffic.
                if (!route.IsInteraction) await RateLimiter.WaitGlobalAsync(cancellationToken);
                using var request = new HttpRequestMessage(route.Method, route.Path);
                if (!route.IsInteraction) request.Headers.Authorization = _authorization;
                if (body is { } bytes)
                {
                    var json = new ReadOnlyMemoryContent(bytes);
                    json.Headers.ContentType = JsonContentType;
                    request.Content = files is { Count: > 0 } ? Multipart(json, files) : json;
                }

                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
            catch (Exception ex) when (IsNoAnswer(ex, cancellationToken) && canRetryUnanswered)
            {
                bucket.Release();
                TimeSpan delay = Backoff(attempt);
                RestLog.TransportError(_logger, route.Template, DurationText.Format(delay), ex);
                await Task.Delay(delay, _time, cancellationToken);
                continue;
            }
            catch (Exception ex) when (IsNoAnswer(ex, cancellationToken))
            {
                bucket.Release();
                string what = ex is HttpRequestException ? ex.Message : $"no answer within {RequestTimeout.TotalSeconds:0} s";
                throw new DiscordRestException(0, 0, $"{route.Template}: no answer from Discord ({what})", ex);
            }
            catch
            {
                bucket.Release();
                throw;
            }

            using (response)
            {
                RateLimitHeaders? headers = RateLimitHeaders.Parse(response.Headers, _time.GetUtcNow());
                if (headers?.Bucket is string hash && !route.IsInteraction) RateLimiter.Learn(route.Template, route.MajorId, hash, bucket);
                int status = (int)response.StatusCode;
                Routes.Count(route.Template, status);
                activity?.SetTag("http.response.status_code", status);

                if (status == 429)
                {
                    JsonRateLimited? limited = await ReadOrDefaultAsync(response, DiscordJsonContext.Default.JsonRateLimited, cancellationToken);
                    string scope = RateLimitHeaders.GetScope(response.Headers) ?? "user";
                    bool global = limited?.Global == true || RateLimitHeaders.IsGlobal(response.Headers) || scope == "global";
                    TimeSpan retryAfter = TimeSpan.FromSeconds(Math.Max(0, limited?.RetryAfter ?? response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 1));
                    // Discord does not count shared-resource 429s against the invalid-request limit.
                    if (scope != "shared") RateLimiter.RecordInvalid();
                    if (global && !route.IsInteraction)
                    {
                        RateLimiter.PauseGlobal(retryAfter);
                        bucket.Release();
                    }
                    else
                    {
                        bucket.Exhaust(retryAfter);
                        if (!route.IsInteraction) RateLimiter.ShareExhausted(route.Template, route.MajorId, _time.GetUtcNow() + retryAfter);
                    }

                    if (retryAfter > MaxRetryAfter)
                    {
                        throw new DiscordRestException(429, limited?.Code ?? 0,
                            $"{route.Template}: rate limited for {DurationText.Format(retryAfter)}, longer than the {DurationText.Format(MaxRetryAfter)} we wait; not retried");
                    }

                    RestLog.RateLimited(_logger, route.Template, global ? "global" : scope, DurationText.Format(retryAfter));
                    if (canRetry) continue;
                    throw new DiscordRestException(429, limited?.Code ?? 0, limited?.Message ?? "You are being rate limited.");
                }

                bucket.Complete(headers);
                if (headers is { Remaining: 0 } spent && !route.IsInteraction) RateLimiter.ShareExhausted(route.Template, route.MajorId, spent.ResetAt);
                if (status >= 500 && canRetryUnanswered)
                {
                    TimeSpan delay = Backoff(attempt);
                    RestLog.ServerError(_logger, route.Template, status, DurationText.Format(delay));
                    await Task.Delay(delay, _time, cancellationToken);
                    continue;
                }

                if (status is 401 or 403) RateLimiter.RecordInvalid();
                // A 401 on an interaction route is an expired interaction token (50027), not a bad bot token.
                if (status == 401 && !route.IsInteraction) RestLog.Unauthorized(_logger, route.Template);

                if (!response.IsSuccessStatusCode)
                {
                    JsonError? error = await ReadOrDefaultAsync(response, DiscordJsonContext.Default.JsonError, cancellationToken);
                    if (status == 404 && nullOnNotFound) return null;
                    string message = error?.Message ?? response.ReasonPhrase ?? "request failed";
                    if (FormErrorSummary.Describe(error?.Errors) is { } fields) message += ": " + fields;
                    throw new DiscordRestException(status, error?.Code ?? 0, message);
                }

                if (responseType is null || status == 204) return null;
                byte[] content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                try
                {
                    T? value = content.Length > 0 ? JsonSerializer.Deserialize(content, responseType) : null;
                    if (Json.Lenient.LenientJson.TakeSkipped() is { } skipped) RestLog.LenientField(_logger, route.Template, skipped);
                    if (value is not null) return value;
                }
                catch (JsonException ex)
                {
                    // The status says it worked, so it did: reporting a failure would make the caller apologise for,
                    // or repeat, something that happened. The caller gets no body instead.
                    RestLog.UnreadableBody(_logger, route.Template, status, ex);
                    return null;
                }

                if (nullOnNotFound) return null;
                throw new DiscordRestException(status, 0, $"{route.Template}: Discord answered with an empty body");
            }
        }
    }

    // HttpClient reports its own timeout as a TaskCanceledException; only the caller's token means "cancelled".
    private static bool IsNoAnswer(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(8000, 500 * (1 << Math.Min(attempt, 4))));

    private static async Task<T?> ReadOrDefaultAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            return null; // not JSON (a proxy's error page): the status code still tells the story
        }
    }
}
