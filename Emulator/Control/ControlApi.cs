using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AndyAI.Emulator.Payloads;
using AndyAI.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace AndyAI.Emulator.Control;

/// <summary>
/// The HTTP control API under <c>/_emulator</c> (loopback only, no auth): the same world, flood and fault
/// operations as the in-process API, for harnesses in other processes. Documented in docs/emulator.md.
/// </summary>
internal static class ControlApi
{
    public static async Task HandleAsync(DiscordEmulator emulator, HttpContext context, string path)
    {
        HttpRequest request = context.Request;
        string method = request.Method;
        try
        {
            switch (path.TrimEnd('/'))
            {
                case "" when HttpMethods.IsGet(method):
                    await WriteAsync(context, 200, World(emulator), EmulatorJson.Context.JsonControlWorld);
                    return;
                case "/messages" when HttpMethods.IsPost(method):
                {
                    JsonControlPostMessage body = await ReadAsync(request, EmulatorJson.Context.JsonControlPostMessage);
                    EmulatorMessage posted = await emulator.PostMessageAsync(
                        body.AuthorId == 0 ? emulator.AliceUserId : body.AuthorId,
                        body.ChannelId == 0 ? emulator.DefaultChannelId : body.ChannelId,
                        body.Content ?? throw new ArgumentException("content is required."),
                        body.ReplyTo);
                    await WriteRawAsync(context, 200, "{\"id\":\"" + EmulatorWorld.Id(posted.Id) + "\"}");
                    return;
                }
                case "/flood" when HttpMethods.IsGet(method):
                    await WriteAsync(context, 200, emulator.FloodStatus(), EmulatorJson.Context.JsonControlFloodStatus);
                    return;
                case "/flood" when HttpMethods.IsPost(method):
                    await FloodAsync(emulator, context);
                    return;
                case "/faults" when HttpMethods.IsPost(method):
                {
                    JsonControlFault fault = await ReadAsync(request, EmulatorJson.Context.JsonControlFault);
                    int affected = ApplyFault(emulator, fault);
                    await WriteRawAsync(context, 200, "{\"affected\":" + affected.ToString(CultureInfo.InvariantCulture) + "}");
                    return;
                }
                case "/requests" when HttpMethods.IsGet(method):
                {
                    int limit = int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out int l) ? l : 100;
                    JsonControlRequest[] list = [.. emulator.Requests.TakeLast(limit).Select(r => new JsonControlRequest
                    {
                        Method = r.Method,
                        Path = r.Path,
                        Route = r.Route,
                        Status = r.StatusCode,
                        Timestamp = r.Timestamp.ToString("O", CultureInfo.InvariantCulture),
                        Body = r.Body,
                    })];
                    await WriteAsync(context, 200, list, EmulatorJson.Context.JsonControlRequestArray);
                    return;
                }
                case "/interactions/commands" when HttpMethods.IsPost(method):
                {
                    JsonControlInteraction body = await ReadAsync(request, EmulatorJson.Context.JsonControlInteraction);
                    IReadOnlyList<EmulatorCommandOption> options = [.. (body.Options ?? []).Select(ToOption)];
                    ulong user = body.UserId == 0 ? emulator.AliceUserId : body.UserId;
                    ulong channel = body.ChannelId == 0 ? emulator.DefaultChannelId : body.ChannelId;
                    string name = body.Name ?? throw new ArgumentException("name is required.");
                    EmulatorInteraction created = body.Autocomplete
                        ? await emulator.TypeForAutocompleteAsync(user, channel, name, options)
                        : await emulator.InvokeSlashCommandAsync(user, channel, name, options);
                    await WriteInteractionAsync(context, created);
                    return;
                }
                case "/interactions/components" when HttpMethods.IsPost(method):
                {
                    JsonControlInteraction body = await ReadAsync(request, EmulatorJson.Context.JsonControlInteraction);
                    ulong user = body.UserId == 0 ? emulator.AliceUserId : body.UserId;
                    string customId = body.CustomId ?? throw new ArgumentException("custom_id is required.");
                    EmulatorInteraction created = body.Values is { } values
                        ? await emulator.SelectMenuAsync(user, body.MessageId, customId, values)
                        : await emulator.ClickButtonAsync(user, body.MessageId, customId);
                    await WriteInteractionAsync(context, created);
                    return;
                }
                case "/interactions/modals" when HttpMethods.IsPost(method):
                {
                    JsonControlInteraction body = await ReadAsync(request, EmulatorJson.Context.JsonControlInteraction);
                    EmulatorInteraction opened = emulator.FindInteraction(body.InteractionId) ?? throw new ArgumentException($"Unknown interaction {body.InteractionId}.");
                    EmulatorInteraction created = await emulator.SubmitModalAsync(opened, body.ModalValues ?? []);
                    await WriteInteractionAsync(context, created);
                    return;
                }
                case "/interactions/responses" when HttpMethods.IsGet(method):
                {
                    int limit = int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out int l) ? l : 100;
                    JsonControlInteractionResponse[] list = [.. emulator.InteractionResponses.TakeLast(limit).Select(r => new JsonControlInteractionResponse
                    {
                        Kind = r.Kind.ToString(),
                        InteractionId = EmulatorWorld.Id(r.InteractionId),
                        Type = r.Type,
                        Content = r.Content,
                        Flags = r.Flags,
                        Ephemeral = r.IsEphemeral,
                        MessageId = r.MessageId is { } m ? EmulatorWorld.Id(m) : null,
                        Status = r.StatusCode,
                        Code = r.ErrorCode,
                        Timestamp = r.Timestamp.ToString("O", CultureInfo.InvariantCulture),
                    })];
                    await WriteAsync(context, 200, list, EmulatorJson.Context.JsonControlInteractionResponseArray);
                    return;
                }
                case "/recordings" when HttpMethods.IsDelete(method):
                    emulator.ClearRecordings();
                    context.Response.StatusCode = 204;
                    return;
                default:
                    await WriteRawAsync(context, 404, "{\"message\":\"Unknown control endpoint.\"}");
                    return;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidOperationException or System.ComponentModel.DataAnnotations.ValidationException)
        {
            await WriteRawAsync(context, 400, "{\"message\":" + JsonSerializer.Serialize(ex.Message, EmulatorJson.Context.String) + "}");
        }
    }

    private static async Task FloodAsync(DiscordEmulator emulator, HttpContext context)
    {
        JsonControlFlood body = await ReadAsync(context.Request, EmulatorJson.Context.JsonControlFlood);
        var options = new FloodOptions();
        if (body.Count is { } c) options.Count = c;
        if (body.MentionEvery is { } m) options.MentionEvery = m;
        if (body.Authors is { } a) options.AuthorCount = a;
        if (body.Content is { } content) options.Content = content;
        options.ChannelId = body.ChannelId;
        if (emulator.IsFlooding)
        {
            throw new InvalidOperationException("A flood is already running.");
        }
        Task<FloodResult> run = emulator.FloodAsync(options, CancellationToken.None);
        if (body.Wait)
        {
            FloodResult result = await run;
            await WriteAsync(context, 200, new JsonControlFloodStatus
            {
                Running = false,
                Sent = result.Sent,
                Total = options.Count,
                Mentions = result.Mentions,
                ElapsedMs = result.Elapsed.TotalMilliseconds,
            }, EmulatorJson.Context.JsonControlFloodStatus);
            return;
        }
        if (run.IsFaulted)
        {
            await run; // surfaces validation and "no session" errors as 400
        }
        _ = run.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await WriteAsync(context, 202, emulator.FloodStatus(), EmulatorJson.Context.JsonControlFloodStatus);
    }

    private static int ApplyFault(DiscordEmulator emulator, JsonControlFault fault)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(fault.DelayMs ?? 0);
        switch (fault.Kind)
        {
            case "drop":
                return emulator.DropGatewayConnections();
            case "reconnect":
                return emulator.SendReconnect();
            case "heartbeat_request":
                return emulator.RequestHeartbeat();
            case "invalid_session":
                emulator.SendInvalidSession(fault.Resumable ?? false);
                return emulator.ConnectionCount;
            case "withhold_acks":
                return emulator.WithholdHeartbeatAcks();
            case "resume_acks":
                return emulator.ResumeHeartbeatAcks();
            case "close":
                return emulator.CloseGatewayConnections(fault.Code ?? throw new ArgumentException("code is required."), fault.Reason ?? "Closed by the emulator.");
            case "delay_dispatches":
                emulator.DelayDispatches(delay);
                return 0;
            case "hold_connections":
                emulator.HoldGatewayConnections();
                return 0;
            case "release_connections":
                emulator.ReleaseGatewayConnections();
                return 0;
            case "slow_rest":
                emulator.SlowRestResponses(delay);
                return 0;
            case "clear_rest":
                emulator.ClearRestFaults();
                return 0;
            case "privileged_intents":
                emulator.SetGrantedPrivilegedIntents(fault.Intents ?? throw new ArgumentException("intents is required."));
                return 0;
            case "rest":
            {
                RestFault kind = fault.Status switch
                {
                    "429" or "429_bucket" => RestFault.RateLimitBucket,
                    "429_global" => RestFault.RateLimitGlobal,
                    "429_shared" => RestFault.RateLimitShared,
                    "500" => RestFault.InternalServerError,
                    "502" => RestFault.BadGateway,
                    "503" => RestFault.ServiceUnavailable,
                    _ => throw new ArgumentException("status must be 429_bucket, 429_global, 429_shared, 500, 502 or 503."),
                };
                int count = fault.Count ?? 1;
                emulator.FailNextRestRequests(count, kind, fault.RetryAfter is { } r ? TimeSpan.FromSeconds(r) : null);
                return count;
            }
            default:
                throw new ArgumentException("kind must be one of drop, reconnect, heartbeat_request, invalid_session, withhold_acks, resume_acks, close, "
                    + "delay_dispatches, hold_connections, release_connections, rest, clear_rest, slow_rest, privileged_intents.");
        }
    }

    private static Task WriteInteractionAsync(HttpContext context, EmulatorInteraction interaction) =>
        WriteRawAsync(context, 200, "{\"id\":\"" + EmulatorWorld.Id(interaction.Id) + "\",\"token\":" + JsonSerializer.Serialize(interaction.Token, EmulatorJson.Context.String) + "}");

    // JSON values map to what the in-process API takes: text, whole numbers as long, other numbers as double, booleans.
    private static EmulatorCommandOption ToOption(JsonControlOption option) => new(option.Name, option.Value switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out long l) => l,
        { ValueKind: JsonValueKind.Number } v => v.GetDouble(),
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    })
    {
        Focused = option.Focused,
        Options = [.. (option.Options ?? []).Select(ToOption)],
    };

    private static JsonControlWorld World(DiscordEmulator e) => new()
    {
        RestBaseUrl = e.RestBaseUrl,
        GatewayUrl = e.GatewayUrl,
        ControlUrl = e.ControlUrl,
        BotToken = e.BotToken,
        BotUserId = EmulatorWorld.Id(e.BotUserId),
        ApplicationId = EmulatorWorld.Id(e.ApplicationId),
        GuildId = EmulatorWorld.Id(e.DefaultGuildId),
        ChannelId = EmulatorWorld.Id(e.DefaultChannelId),
        BotRoleId = EmulatorWorld.Id(e.BotRoleId),
        ModeratorRoleId = EmulatorWorld.Id(e.ModeratorRoleId),
        OwnerUserId = EmulatorWorld.Id(e.OwnerUserId),
        UserIds = [.. e.HumanUserIds.Select(EmulatorWorld.Id)],
        Connections = e.ConnectionCount,
        Sessions = e.SessionCount,
        InvalidRequests = e.InvalidRequestCount,
    };

    private static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : new()
    {
        if (request.ContentLength is 0)
        {
            return new T();
        }
        return await JsonSerializer.DeserializeAsync(request.Body, typeInfo) ?? new T();
    }

    private static async Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo);
    }

    private static async Task WriteRawAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }
}
