using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AndyAI.Emulator.Gateway;
using AndyAI.Emulator.Payloads;
using AndyAI.Emulator.Recording;
using AndyAI.Emulator.World;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AndyAI.Emulator.Rest;

/// <summary>
/// Discord's REST API under /api/v9 and /api/v10. Order per request, as on Discord: record, injected faults,
/// authorization (401), global limit, route bucket, then the handler. Every response carries JSON and, for
/// bucketed routes, the X-RateLimit-* headers.
/// </summary>
internal sealed partial class RestApi(EmulatorOptions options, EmulatorWorld world, GatewayHub hub, RestRateLimiter limiter,
    Recorder<RecordedRequest> requests, Recorder<EmulatorMessage> botMessageEvents, Interactions.InteractionHub interactions)
{
    private static readonly ConcurrentDictionary<string, string> BucketHashes = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = options.TimeProvider;

    /// <summary>Discord keeps an enforced nonce "for a few minutes": a retried create inside it returns the first message.</summary>
    private static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(5);

    // Key: channel and nonce (the author is always the bot on this API). Value: the message created and when.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(ulong Channel, string Nonce), (JsonMessage Message, DateTimeOffset At)> _nonces = new();
    private long _slowTicks;

    public TimeSpan SlowResponses
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _slowTicks));
        set => Interlocked.Exchange(ref _slowTicks, value.Ticks);
    }

    public string RestBaseUrl { get; set; } = "";

    public async Task HandleAsync(HttpContext context, ReadOnlyMemory<char> routePath)
    {
        HttpRequest request = context.Request;
        RestRoute route = RestRoute.Match(routePath.Span);
        (string? body, IReadOnlyList<RecordedFile> files) = await ReadBodyAsync(request);
        var recorded = new RecordedRequest(request.Method, request.Path + request.QueryString,
            route.Endpoint == RestEndpoint.NotFound ? request.Path.Value ?? "" : route.Template,
            CopyHeaders(request.Headers), body, _time.GetUtcNow())
        {
            Files = files,
        };

        TimeSpan slow = SlowResponses;
        if (slow > TimeSpan.Zero)
        {
            await Task.Delay(slow, _time, context.RequestAborted);
        }
        recorded.AnsweredAt = _time.GetUtcNow();
        int status = await RespondAsync(context, route, body, files);
        recorded.StatusCode = status;
        // Recorded once answered, so waiters can match on the status.
        requests.Add(recorded);
    }

    private async Task<int> RespondAsync(HttpContext context, RestRoute route, string? body, IReadOnlyList<RecordedFile> files)
    {
        HttpResponse response = context.Response;
        if (limiter.TakeFault() is { } fault)
        {
            return await WriteFaultAsync(response, route, fault.Fault, fault.RetryAfter);
        }
        if (route.Endpoint == RestEndpoint.NotFound)
        {
            return await WriteErrorAsync(response, 404, "404: Not Found", 0);
        }
        // Interaction callbacks and webhooks are authorized by the token in their path, and Discord does not count
        // them against the bot's global limit.
        if (route.Endpoint != RestEndpoint.Gateway && !route.IsInteraction && !Authorized(context.Request))
        {
            limiter.CountInvalid();
            return await WriteErrorAsync(response, 401, "401: Unauthorized", 0);
        }
        if (!route.IsInteraction && limiter.TryGlobal() is { } globalRetry)
        {
            limiter.CountInvalid();
            return await WriteRateLimitedAsync(response, globalRetry, global: true, scope: "global");
        }
        (int limit, TimeSpan window) = IsMessageWrite(route.Endpoint, context.Request.Method)
            ? (options.MessageRateLimit, options.MessageRateLimitWindow)
            : (options.DefaultRateLimit, options.DefaultRateLimitWindow);
        string bucket = BucketHash(context.Request.Method, route.Template);
        // Webhooks are their own top-level resource: id plus token.
        string major = route.Token is { } token ? route.MajorId.ToString(CultureInfo.InvariantCulture) + "/" + token : route.MajorId.ToString(CultureInfo.InvariantCulture);
        RestRateLimiter.BucketState state = limiter.Take(bucket + ":" + major, limit, window);
        WriteBucketHeaders(response, bucket, state);
        if (!state.Allowed)
        {
            limiter.CountInvalid();
            return await WriteRateLimitedAsync(response, Math.Max(0.001, state.ResetAfterSeconds), global: false, scope: "user");
        }
        if (!route.IdsValid)
        {
            return await WriteFormErrorAsync(response, "{\"_errors\":[{\"code\":\"NUMBER_TYPE_COERCE\",\"message\":\"Value is not snowflake.\"}]}");
        }
        return await DispatchAsync(context, route, body, files);
    }

    private static bool IsMessageWrite(RestEndpoint endpoint, string method) =>
        (endpoint == RestEndpoint.Messages && HttpMethods.IsPost(method))
        || (endpoint == RestEndpoint.Message && (HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method)));

    private bool Authorized(HttpRequest request)
    {
        string? auth = request.Headers.Authorization;
        return auth is not null && auth.StartsWith("Bot ", StringComparison.Ordinal)
            && auth.AsSpan(4).SequenceEqual(options.BotToken);
    }

    private async Task<int> DispatchAsync(HttpContext context, RestRoute route, string? body, IReadOnlyList<RecordedFile> files)
    {
        HttpResponse response = context.Response;
        string method = context.Request.Method;
        switch (route.Endpoint)
        {
            case RestEndpoint.Gateway when HttpMethods.IsGet(method):
                return await WriteJsonAsync(response, 200, new JsonGateway { Url = hub.GatewayUrl }, EmulatorJson.Context.JsonGateway);
            case RestEndpoint.GatewayBot when HttpMethods.IsGet(method):
            {
                (int remaining, long resetAfter) = hub.SessionStartLimit();
                var json = new JsonGatewayBot
                {
                    Url = hub.GatewayUrl,
                    Shards = options.RecommendedShards,
                    SessionStartLimit = new JsonSessionStartLimit
                    {
                        Total = options.SessionStartLimit,
                        Remaining = remaining,
                        ResetAfter = resetAfter,
                        MaxConcurrency = options.MaxConcurrency,
                    },
                };
                return await WriteJsonAsync(response, 200, json, EmulatorJson.Context.JsonGatewayBot);
            }
            case RestEndpoint.CurrentUser when HttpMethods.IsGet(method):
                return await WriteJsonAsync(response, 200, world.BotUserJson(), EmulatorJson.Context.JsonUser);
            case RestEndpoint.User when HttpMethods.IsGet(method):
                return world.UserJson(route.MinorId) is { } user
                    ? await WriteJsonAsync(response, 200, user, EmulatorJson.Context.JsonUser)
                    : await WriteErrorAsync(response, 404, "Unknown User", 10013);
            case RestEndpoint.CurrentUserGuilds when HttpMethods.IsGet(method):
            {
                // Partial guilds; enough for clients that list where the bot is.
                JsonGuild[] guilds = [.. world.GuildIds().Select(g => world.GuildJson(g, forGatewayCreate: false)!)];
                string json = "[" + string.Join(",", guilds.Select(g => "{\"id\":\"" + EmulatorWorld.Id(g.Id) + "\",\"name\":" + JsonSerializer.Serialize(g.Name, EmulatorJson.Context.String) + ",\"icon\":null,\"owner\":false,\"permissions\":\"2251799813685247\",\"features\":[]}")) + "]";
                return await WriteRawAsync(response, 200, json);
            }
            case RestEndpoint.CreateDm when HttpMethods.IsPost(method):
                return await CreateDmAsync(response, body);
            case RestEndpoint.CurrentApplication when HttpMethods.IsGet(method):
                return await WriteJsonAsync(response, 200, world.ApplicationJson(VerifyKey()), EmulatorJson.Context.JsonApplication);
            case RestEndpoint.Channel when HttpMethods.IsGet(method):
                return world.ChannelJson(route.MajorId) is { } channel
                    ? await WriteJsonAsync(response, 200, channel, EmulatorJson.Context.JsonChannel)
                    : await UnknownChannelAsync(response);
            case RestEndpoint.Messages when HttpMethods.IsPost(method):
                return await CreateMessageAsync(response, route.MajorId, body, files);
            case RestEndpoint.Messages when HttpMethods.IsGet(method):
                return await HistoryAsync(context, route.MajorId);
            case RestEndpoint.Message when HttpMethods.IsGet(method):
                if (!world.ChannelExists(route.MajorId))
                {
                    return await UnknownChannelAsync(response);
                }
                return world.GetMessageJson(route.MajorId, route.MinorId) is { } message
                    ? await WriteJsonAsync(response, 200, message, EmulatorJson.Context.JsonMessage)
                    : await UnknownMessageAsync(response);
            case RestEndpoint.Message when HttpMethods.IsPatch(method):
                return await EditMessageAsync(response, route.MajorId, route.MinorId, body, files);
            case RestEndpoint.Message when HttpMethods.IsDelete(method):
                return await DeleteMessageAsync(response, route.MajorId, route.MinorId);
            case RestEndpoint.Typing when HttpMethods.IsPost(method):
                return await TypingAsync(response, route.MajorId);
            case RestEndpoint.Guild when HttpMethods.IsGet(method):
                return world.GuildJson(route.MajorId, forGatewayCreate: false) is { } guild
                    ? await WriteJsonAsync(response, 200, guild, EmulatorJson.Context.JsonGuild)
                    : await WriteErrorAsync(response, 404, "Unknown Guild", 10004);
            case RestEndpoint.GuildChannels when HttpMethods.IsGet(method):
                return world.GuildChannelsJson(route.MajorId) is { } channels
                    ? await WriteJsonAsync(response, 200, channels, EmulatorJson.Context.JsonChannelArray)
                    : await WriteErrorAsync(response, 404, "Unknown Guild", 10004);
            case RestEndpoint.GuildRoles when HttpMethods.IsGet(method):
                return world.GuildRolesJson(route.MajorId) is { } roles
                    ? await WriteJsonAsync(response, 200, roles, EmulatorJson.Context.JsonRoleArray)
                    : await WriteErrorAsync(response, 404, "Unknown Guild", 10004);
            case RestEndpoint.GuildMember when HttpMethods.IsGet(method):
                return world.MemberJson(route.MajorId, route.MinorId) is { } member
                    ? await WriteJsonAsync(response, 200, member, EmulatorJson.Context.JsonMember)
                    : await WriteErrorAsync(response, 404, "Unknown Member", 10007);
            case RestEndpoint.ApplicationCommands or RestEndpoint.ApplicationCommand:
                return await ApplicationCommandsAsync(context, route, body);
            case RestEndpoint.InteractionCallback when HttpMethods.IsPost(method):
                return await InteractionCallbackAsync(response, route, body, files);
            case RestEndpoint.Webhook or RestEndpoint.WebhookMessage:
                return await InteractionWebhookAsync(context, route, body, files);
            default:
                return await WriteErrorAsync(response, 405, "405: Method Not Allowed", 0);
        }
    }

    // ---- messages -------------------------------------------------------------------------------------------

    private async Task<int> CreateMessageAsync(HttpResponse response, ulong channelId, string? body, IReadOnlyList<RecordedFile> files)
    {
        if (!world.ChannelExists(channelId))
        {
            return await UnknownChannelAsync(response);
        }
        if (!TryParseBody(body, EmulatorJson.Context.JsonMessageCreate, out JsonMessageCreate? create, out string? formErrors))
        {
            return await WriteFormErrorAsync(response, formErrors!);
        }
        create ??= new JsonMessageCreate();
        create.Files = files;
        if (ValidateContent(create) is { } contentErrors)
        {
            return await WriteFormErrorAsync(response, contentErrors);
        }
        bool hasEmbeds = create.Embeds is { Length: > 0 } || create.Embed is { ValueKind: JsonValueKind.Object };
        bool hasOther = create.StickerIds is { Length: > 0 } || create.Components is { Length: > 0 } || create.Attachments is { Length: > 0 } || files.Count > 0;
        if (string.IsNullOrEmpty(create.Content) && !hasEmbeds && !hasOther)
        {
            return await WriteErrorAsync(response, 400, "Cannot send an empty message", 50006);
        }
        ulong? replyTo = create.MessageReference?.MessageId;
        if (create.MessageReference is { ChannelId: { } refChannel } && refChannel != channelId)
        {
            return await WriteFormErrorAsync(response,
                "{\"message_reference\":{\"_errors\":[{\"code\":\"MESSAGE_REFERENCE_UNKNOWN_MESSAGE\",\"message\":\"Unknown message\"}]}}");
        }
        string? nonce = create.EnforceNonce == true && create.Nonce is { } n ? n.ToString() : null;
        if (nonce is not null && _nonces.TryGetValue((channelId, nonce), out var earlier) && _time.GetUtcNow() - earlier.At < NonceLifetime)
        {
            return await WriteJsonAsync(response, 200, earlier.Message, EmulatorJson.Context.JsonMessage);
        }
        bool failIfMissing = create.MessageReference?.FailIfNotExists ?? true;
        EmulatorWorld.PostError error = world.TryPost(world.BotUserId, channelId, create.Content ?? "", replyTo, mentionRepliedUser: true,
            create, failIfMissing, out EmulatorMessage? stored, out JsonMessage? payload);
        switch (error)
        {
            case EmulatorWorld.PostError.UnknownChannel:
                return await UnknownChannelAsync(response);
            case EmulatorWorld.PostError.UnknownReference:
                return await WriteFormErrorAsync(response,
                    "{\"message_reference\":{\"_errors\":[{\"code\":\"MESSAGE_REFERENCE_UNKNOWN_MESSAGE\",\"message\":\"Unknown message\"}]}}");
        }
        if (nonce is not null) _nonces[(channelId, nonce)] = (payload!, _time.GetUtcNow());
        hub.Dispatch(DispatchPayload.Message("MESSAGE_CREATE", payload!, world.BotUserId));
        botMessageEvents.Add(stored!);
        return await WriteJsonAsync(response, 200, payload!, EmulatorJson.Context.JsonMessage);
    }

    private async Task<int> EditMessageAsync(HttpResponse response, ulong channelId, ulong messageId, string? body, IReadOnlyList<RecordedFile> files)
    {
        if (!world.ChannelExists(channelId))
        {
            return await UnknownChannelAsync(response);
        }
        if (!TryParseBody(body, EmulatorJson.Context.JsonMessageCreate, out JsonMessageCreate? edit, out string? formErrors))
        {
            return await WriteFormErrorAsync(response, formErrors!);
        }
        edit ??= new JsonMessageCreate();
        edit.Files = files;
        if (ValidateContent(edit) is { } contentErrors)
        {
            return await WriteFormErrorAsync(response, contentErrors);
        }
        switch (world.TryEdit(channelId, messageId, world.BotUserId, edit, out JsonMessage? payload))
        {
            case EmulatorWorld.EditResult.UnknownMessage:
                return await UnknownMessageAsync(response);
            case EmulatorWorld.EditResult.NotAuthor:
                return await WriteErrorAsync(response, 403, "Cannot edit a message authored by another user", 50005);
        }
        hub.Dispatch(DispatchPayload.Message("MESSAGE_UPDATE", payload!, world.BotUserId));
        if (world.FindMessage(messageId) is { } edited)
        {
            botMessageEvents.Add(edited);
        }
        return await WriteJsonAsync(response, 200, payload!, EmulatorJson.Context.JsonMessage);
    }

    private async Task<int> DeleteMessageAsync(HttpResponse response, ulong channelId, ulong messageId)
    {
        if (!world.ChannelExists(channelId))
        {
            return await UnknownChannelAsync(response);
        }
        if (!world.TryDelete(channelId, messageId, out JsonMessageDelete? payload))
        {
            return await UnknownMessageAsync(response);
        }
        ulong? guildId = world.GuildOfChannel(channelId);
        hub.Dispatch(DispatchPayload.Of("MESSAGE_DELETE", guildId is null ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages,
            guildId, payload!, EmulatorJson.Context.JsonMessageDelete));
        response.StatusCode = 204;
        return 204;
    }

    private async Task<int> HistoryAsync(HttpContext context, ulong channelId)
    {
        IQueryCollection query = context.Request.Query;
        int limit = 50;
        if (query.TryGetValue("limit", out StringValues l)
            && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return await WriteFormErrorAsync(context.Response,
                "{\"limit\":{\"_errors\":[{\"code\":\"NUMBER_TYPE_MAX\",\"message\":\"int value should be less than or equal to 100.\"}]}}");
        }
        if (!TryQueryId(query, "before", out ulong? before) || !TryQueryId(query, "after", out ulong? after) || !TryQueryId(query, "around", out ulong? around))
        {
            return await WriteFormErrorAsync(context.Response, "{\"before\":{\"_errors\":[{\"code\":\"NUMBER_TYPE_COERCE\",\"message\":\"Value is not snowflake.\"}]}}");
        }
        JsonMessage[]? history = world.History(channelId, before, after, around, limit);
        return history is null
            ? await UnknownChannelAsync(context.Response)
            : await WriteJsonAsync(context.Response, 200, history, EmulatorJson.Context.JsonMessageArray);
    }

    private async Task<int> TypingAsync(HttpResponse response, ulong channelId)
    {
        if (!world.ChannelExists(channelId))
        {
            return await UnknownChannelAsync(response);
        }
        ulong? guildId = world.GuildOfChannel(channelId);
        var typing = new JsonTypingStart
        {
            ChannelId = EmulatorWorld.Id(channelId),
            GuildId = guildId is { } g ? EmulatorWorld.Id(g) : null,
            UserId = EmulatorWorld.Id(world.BotUserId),
            Timestamp = _time.GetUtcNow().ToUnixTimeSeconds(),
            Member = guildId is { } g2 ? world.MemberJson(g2, world.BotUserId) : null,
        };
        hub.Dispatch(DispatchPayload.Of("TYPING_START", guildId is null ? GatewayIntentBits.DirectMessageTyping : GatewayIntentBits.GuildMessageTyping,
            guildId, typing, EmulatorJson.Context.JsonTypingStart));
        response.StatusCode = 204;
        return 204;
    }

    private async Task<int> CreateDmAsync(HttpResponse response, string? body)
    {
        JsonCreateDm? create = null;
        try
        {
            create = body is null ? null : JsonSerializer.Deserialize(body, EmulatorJson.Context.JsonCreateDm);
        }
        catch (JsonException)
        {
            // reported below as a form error
        }
        if (create is null || create.RecipientId == 0)
        {
            return await WriteFormErrorAsync(response, "{\"recipient_id\":{\"_errors\":[{\"code\":\"BASE_TYPE_REQUIRED\",\"message\":\"This field is required\"}]}}");
        }
        if (!world.UserExists(create.RecipientId))
        {
            return await WriteErrorAsync(response, 400, "Cannot send messages to this user", 50007);
        }
        (ulong channelId, _) = world.GetOrCreateDm(create.RecipientId);
        return await WriteJsonAsync(response, 200, world.ChannelJson(channelId)!, EmulatorJson.Context.JsonChannel);
    }

    private static string? ValidateContent(JsonMessageCreate create) => ValidateText(create) ?? ValidateComponents(create);

    private static string? ValidateComponents(JsonMessageCreate create)
    {
        var errors = new Interactions.FormErrors();
        Interactions.MessageComponentValidator.Validate(create.Components, create.Flags, errors);
        return errors.Any ? errors.ToJson() : null;
    }

    private static string? ValidateText(JsonMessageCreate create) =>
        create.Content is { Length: > EmulatorWorld.MaxContentLength }
            ? "{\"content\":{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 2000 or fewer in length.\"}]}}"
            : create.AllowedMentions is { } am && ((am.Parse?.Contains("users") == true && am.Users is { Length: > 0 })
                || (am.Parse?.Contains("roles") == true && am.Roles is { Length: > 0 }))
                ? "{\"allowed_mentions\":{\"_errors\":[{\"code\":\"MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE\",\"message\":\"parse and users/roles are mutually exclusive.\"}]}}"
                : create.AllowedMentions?.Parse?.FirstOrDefault(p => p is not ("users" or "roles" or "everyone")) is { } bad
                    ? "{\"allowed_mentions\":{\"parse\":{\"_errors\":[{\"code\":\"BASE_TYPE_CHOICES\",\"message\":" + JsonSerializer.Serialize("Value must be one of {'users', 'roles', 'everyone'}; got " + bad + ".", EmulatorJson.Context.String) + "}]}}}"
                    : null;

    /// <summary>Reads a JSON body; a value of the wrong type is a 50035 form error at its path, as Discord reports it.</summary>
    private static bool TryParseBody<T>(string? body, JsonTypeInfo<T> typeInfo, out T? value, out string? formErrors)
        where T : class
    {
        value = null;
        formErrors = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            return true;
        }
        try
        {
            value = JsonSerializer.Deserialize(body, typeInfo);
            return true;
        }
        catch (JsonException ex)
        {
            // "$.options[1].name" → options → 1 → name
            string[] path = (ex.Path ?? "$").TrimStart('$').Split(['.', '[', ']'], StringSplitOptions.RemoveEmptyEntries);
            var errors = new Interactions.FormErrors();
            errors.Add("MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type.", path);
            formErrors = errors.ToJson();
            return false;
        }
    }

    private static bool TryQueryId(IQueryCollection query, string name, out ulong? id)
    {
        id = null;
        if (!query.TryGetValue(name, out StringValues v))
        {
            return true;
        }
        if (ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsed))
        {
            id = parsed;
            return true;
        }
        return false;
    }

    // ---- responses ------------------------------------------------------------------------------------------

    private static Task<int> UnknownChannelAsync(HttpResponse response) => WriteErrorAsync(response, 404, "Unknown Channel", 10003);

    private static Task<int> UnknownMessageAsync(HttpResponse response) => WriteErrorAsync(response, 404, "Unknown Message", 10008);

    private static Task<int> WriteErrorAsync(HttpResponse response, int status, string message, int code) =>
        WriteJsonAsync(response, status, new JsonError { Message = message, Code = code }, EmulatorJson.Context.JsonError);

    private static async Task<int> WriteFormErrorAsync(HttpResponse response, string errorsJson)
    {
        using JsonDocument errors = JsonDocument.Parse(errorsJson);
        return await WriteJsonAsync(response, 400, new JsonError { Message = "Invalid Form Body", Code = 50035, Errors = errors.RootElement.Clone() },
            EmulatorJson.Context.JsonError);
    }

    private static async Task<int> WriteRateLimitedAsync(HttpResponse response, double retryAfter, bool global, string scope)
    {
        retryAfter = Math.Round(retryAfter, 3, MidpointRounding.AwayFromZero);
        response.Headers["Retry-After"] = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Scope"] = scope;
        if (global)
        {
            response.Headers["X-RateLimit-Global"] = "true";
        }
        return await WriteJsonAsync(response, 429, new JsonRateLimited { RetryAfter = retryAfter, Global = global }, EmulatorJson.Context.JsonRateLimited);
    }

    private async Task<int> WriteFaultAsync(HttpResponse response, RestRoute route, RestFault fault, TimeSpan retryAfter)
    {
        double seconds = retryAfter > TimeSpan.Zero ? retryAfter.TotalSeconds : 1.0;
        switch (fault)
        {
            case RestFault.RateLimitBucket or RestFault.RateLimitShared:
            {
                string bucket = BucketHash(response.HttpContext.Request.Method, route.Template);
                double epoch = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0 + seconds;
                WriteBucketHeaders(response, bucket, new RestRateLimiter.BucketState(options.DefaultRateLimit, 0, seconds, epoch, false));
                if (fault == RestFault.RateLimitBucket)
                {
                    limiter.CountInvalid();
                }
                return await WriteRateLimitedAsync(response, seconds, global: false, fault == RestFault.RateLimitShared ? "shared" : "user");
            }
            case RestFault.RateLimitGlobal:
                limiter.CountInvalid();
                return await WriteRateLimitedAsync(response, seconds, global: true, "global");
            case RestFault.BadGateway:
                return await WriteErrorAsync(response, 502, "502: Bad Gateway", 0);
            case RestFault.ServiceUnavailable:
                return await WriteErrorAsync(response, 503, "503: Service Unavailable", 0);
            default:
                return await WriteErrorAsync(response, 500, "500: Internal Server Error", 0);
        }
    }

    private static void WriteBucketHeaders(HttpResponse response, string bucket, RestRateLimiter.BucketState state)
    {
        IHeaderDictionary h = response.Headers;
        h["X-RateLimit-Limit"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        h["X-RateLimit-Remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        h["X-RateLimit-Reset"] = state.ResetEpochSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        h["X-RateLimit-Reset-After"] = state.ResetAfterSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        h["X-RateLimit-Bucket"] = bucket;
    }

    private static async Task<int> WriteJsonAsync<T>(HttpResponse response, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, value, typeInfo);
        return status;
    }

    private static async Task<int> WriteRawAsync(HttpResponse response, int status, string json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(json);
        return status;
    }

    private static string BucketHash(string method, string template) =>
        BucketHashes.GetOrAdd(method + " " + template, static key => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16)));

    private string VerifyKey() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("verify:" + EmulatorWorld.Id(world.ApplicationId))));

    private static Dictionary<string, string> CopyHeaders(IHeaderDictionary headers)
    {
        var copy = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, StringValues> h in headers)
        {
            copy[h.Key] = h.Value.ToString();
        }
        return copy;
    }

    private static async Task<(string? Body, IReadOnlyList<RecordedFile> Files)> ReadBodyAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            // multipart uploads carry the JSON in payload_json and the files in files[n], as Discord expects
            IFormCollection form = await request.ReadFormAsync();
            var files = new List<RecordedFile>(form.Files.Count);
            foreach (IFormFile file in form.Files)
            {
                using var copy = new MemoryStream();
                await file.CopyToAsync(copy);
                files.Add(new RecordedFile(file.Name, file.FileName, copy.ToArray()) { ContentType = string.IsNullOrEmpty(file.ContentType) ? null : file.ContentType });
            }
            return (form.TryGetValue("payload_json", out StringValues payload) ? payload.ToString() : null, files);
        }
        if (request.ContentLength is 0)
        {
            return (null, []);
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        string text = await reader.ReadToEndAsync();
        return (text.Length == 0 ? null : text, []);
    }
}
