using System.Text.Json;
using AndyAI.Emulator.Interactions;
using AndyAI.Emulator.Payloads;
using Microsoft.AspNetCore.Http;

namespace AndyAI.Emulator.Rest;

// Application commands, the interaction callback and the interaction webhook.
internal sealed partial class RestApi
{
    private async Task<int> ApplicationCommandsAsync(HttpContext context, RestRoute route, string? body)
    {
        HttpResponse response = context.Response;
        string method = context.Request.Method;
        if (route.MajorId != world.ApplicationId)
        {
            return await WriteErrorAsync(response, 403, "Missing Access", 50001);
        }
        ulong? guildId = route.MinorId == 0 ? null : route.MinorId;
        if (guildId is ulong g && !world.GuildIds().Contains(g))
        {
            return await WriteErrorAsync(response, 403, "Missing Access", 50001);
        }
        ApplicationCommandStore commands = interactions.Commands;
        var errors = new FormErrors();
        switch (route.Endpoint)
        {
            case RestEndpoint.ApplicationCommands when HttpMethods.IsGet(method):
                return await WriteJsonAsync(response, 200, commands.List(guildId), EmulatorJson.Context.JsonApplicationCommandArray);
            case RestEndpoint.ApplicationCommands when HttpMethods.IsPost(method):
            {
                if (!TryParseBody(body, EmulatorJson.Context.JsonApplicationCommand, out JsonApplicationCommand? create, out string? parseErrors))
                {
                    return await WriteFormErrorAsync(response, parseErrors!);
                }
                switch (commands.Upsert(guildId, create ?? new JsonApplicationCommand(), errors, out JsonApplicationCommand? stored))
                {
                    case ApplicationCommandStore.Outcome.Invalid:
                        return await WriteFormErrorAsync(response, errors.ToJson());
                    case ApplicationCommandStore.Outcome.TooMany:
                        return await WriteErrorAsync(response, 400, "Maximum number of application commands reached (100)", 30032);
                    case ApplicationCommandStore.Outcome.Created:
                        return await WriteJsonAsync(response, 201, stored!, EmulatorJson.Context.JsonApplicationCommand);
                    default:
                        return await WriteJsonAsync(response, 200, stored!, EmulatorJson.Context.JsonApplicationCommand);
                }
            }
            case RestEndpoint.ApplicationCommands when HttpMethods.IsPut(method):
            {
                if (!TryParseBody(body, EmulatorJson.Context.JsonApplicationCommandArray, out JsonApplicationCommand[]? all, out string? parseErrors))
                {
                    return await WriteFormErrorAsync(response, parseErrors!);
                }
                return commands.Overwrite(guildId, all ?? [], errors, out JsonApplicationCommand[] stored) == ApplicationCommandStore.Outcome.Invalid
                    ? await WriteFormErrorAsync(response, errors.ToJson())
                    : await WriteJsonAsync(response, 200, stored, EmulatorJson.Context.JsonApplicationCommandArray);
            }
            case RestEndpoint.ApplicationCommand when HttpMethods.IsGet(method):
                return commands.Get(guildId, route.ItemId) is { } command
                    ? await WriteJsonAsync(response, 200, command, EmulatorJson.Context.JsonApplicationCommand)
                    : await UnknownCommandAsync(response);
            case RestEndpoint.ApplicationCommand when HttpMethods.IsPatch(method):
            {
                if (!TryParseBody(body, EmulatorJson.Context.JsonApplicationCommand, out JsonApplicationCommand? patch, out string? parseErrors))
                {
                    return await WriteFormErrorAsync(response, parseErrors!);
                }
                switch (commands.Patch(guildId, route.ItemId, patch ?? new JsonApplicationCommand(), errors, out JsonApplicationCommand? stored))
                {
                    case ApplicationCommandStore.Outcome.Unknown:
                        return await UnknownCommandAsync(response);
                    case ApplicationCommandStore.Outcome.Invalid:
                        return await WriteFormErrorAsync(response, errors.ToJson());
                    default:
                        return await WriteJsonAsync(response, 200, stored!, EmulatorJson.Context.JsonApplicationCommand);
                }
            }
            case RestEndpoint.ApplicationCommand when HttpMethods.IsDelete(method):
                if (!commands.Delete(guildId, route.ItemId))
                {
                    return await UnknownCommandAsync(response);
                }
                response.StatusCode = 204;
                return 204;
            default:
                return await WriteErrorAsync(response, 405, "405: Method Not Allowed", 0);
        }
    }

    private async Task<int> InteractionCallbackAsync(HttpResponse response, RestRoute route, string? body, IReadOnlyList<RecordedFile> files)
    {
        if (!TryParseBody(body, EmulatorJson.Context.JsonInteractionCallback, out JsonInteractionCallback? callback, out string? parseErrors))
        {
            return await WriteFormErrorAsync(response, parseErrors!);
        }
        callback ??= new JsonInteractionCallback();
        if (callback.Data is { } callbackData)
        {
            callbackData.Files = files;
        }

        return await WriteResultAsync(response, interactions.Callback(route.MajorId, route.Token!, callback));
    }

    private async Task<int> InteractionWebhookAsync(HttpContext context, RestRoute route, string? body, IReadOnlyList<RecordedFile> files)
    {
        HttpResponse response = context.Response;
        string method = context.Request.Method;
        bool original = route.Endpoint == RestEndpoint.WebhookMessage && route.ItemId == 0;
        if (route.Endpoint == RestEndpoint.WebhookMessage && HttpMethods.IsGet(method))
        {
            return original
                ? await WriteResultAsync(response, interactions.GetOriginal(route.MajorId, route.Token!))
                : await WriteErrorAsync(response, 405, "405: Method Not Allowed", 0);
        }
        EmulatorInteractionResponseKind? kind = (route.Endpoint, method) switch
        {
            (RestEndpoint.Webhook, "POST") => EmulatorInteractionResponseKind.Followup,
            (RestEndpoint.WebhookMessage, "PATCH") => original ? EmulatorInteractionResponseKind.EditOriginal : EmulatorInteractionResponseKind.EditFollowup,
            (RestEndpoint.WebhookMessage, "DELETE") => original ? EmulatorInteractionResponseKind.DeleteOriginal : EmulatorInteractionResponseKind.DeleteFollowup,
            _ => null,
        };
        if (kind is null)
        {
            return await WriteErrorAsync(response, 405, "405: Method Not Allowed", 0);
        }
        if (!TryParseBody(body, EmulatorJson.Context.JsonInteractionCallbackData, out JsonInteractionCallbackData? data, out string? parseErrors))
        {
            return await WriteFormErrorAsync(response, parseErrors!);
        }
        if (data is not null)
        {
            data.Files = files;
        }

        bool wait = context.Request.Query["wait"] is { Count: > 0 } w && string.Equals(w.ToString(), "true", StringComparison.OrdinalIgnoreCase);
        InteractionHub.Result result = interactions.Webhook(kind.Value, route.MajorId, route.Token!, original ? null : route.ItemId, data, wait);
        return await WriteResultAsync(response, result);
    }

    private static Task<int> UnknownCommandAsync(HttpResponse response) => WriteErrorAsync(response, 404, "Unknown application command", 10063);

    private static async Task<int> WriteResultAsync(HttpResponse response, InteractionHub.Result result)
    {
        if (result.FormErrors is { } errors)
        {
            return await WriteFormErrorAsync(response, errors);
        }
        if (result.Code != 0 || result.Status >= 400)
        {
            return await WriteErrorAsync(response, result.Status, result.Message ?? "", result.Code);
        }
        if (result.Body is { } message && result.Status == 200)
        {
            return await WriteJsonAsync(response, 200, message, EmulatorJson.Context.JsonMessage);
        }
        response.StatusCode = result.Status;
        return result.Status;
    }
}
