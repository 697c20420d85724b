using System.Globalization;

namespace AndyAI.Emulator.Rest;

/// <summary>A matched REST route: its template (for buckets and recording) and the ids it carries.</summary>
internal readonly record struct RestRoute(RestEndpoint Endpoint, string Template, ulong MajorId, ulong MinorId, bool IdsValid)
{
    /// <summary>A third id: the command of a command route, the message of a webhook message route (0 = <c>@original</c>).</summary>
    public ulong ItemId { get; init; }

    /// <summary>The interaction token of callback and webhook routes.</summary>
    public string? Token { get; init; }

    /// <summary>Callback and interaction-webhook routes: the token authorizes them and the global limit does not apply.</summary>
    public bool IsInteraction => Endpoint is RestEndpoint.InteractionCallback or RestEndpoint.Webhook or RestEndpoint.WebhookMessage;

    /// <summary>Matches the path after <c>/api/v{N}</c>. Unknown paths give <see cref="RestEndpoint.NotFound"/>.</summary>
    public static RestRoute Match(ReadOnlySpan<char> path)
    {
        Span<Range> parts = stackalloc Range[7];
        path = path.Trim('/');
        int n = path.Split(parts, '/');
        if (n is 0 or > 6)
        {
            return new RestRoute(RestEndpoint.NotFound, "", 0, 0, true);
        }
        ReadOnlySpan<char> a = path[parts[0]];
        ReadOnlySpan<char> b = n > 1 ? path[parts[1]] : default;
        ReadOnlySpan<char> c = n > 2 ? path[parts[2]] : default;
        ReadOnlySpan<char> d = n > 3 ? path[parts[3]] : default;
        ReadOnlySpan<char> e = n > 4 ? path[parts[4]] : default;
        ReadOnlySpan<char> f = n > 5 ? path[parts[5]] : default;
        switch (a)
        {
            case "gateway" when n == 1:
                return new(RestEndpoint.Gateway, "/gateway", 0, 0, true);
            case "gateway" when n == 2 && b is "bot":
                return new(RestEndpoint.GatewayBot, "/gateway/bot", 0, 0, true);
            case "users" when n == 2 && b is "@me":
                return new(RestEndpoint.CurrentUser, "/users/@me", 0, 0, true);
            case "users" when n == 3 && b is "@me" && c is "guilds":
                return new(RestEndpoint.CurrentUserGuilds, "/users/@me/guilds", 0, 0, true);
            case "users" when n == 3 && b is "@me" && c is "channels":
                return new(RestEndpoint.CreateDm, "/users/@me/channels", 0, 0, true);
            case "users" when n == 2:
                return new(RestEndpoint.User, "/users/{user_id}", 0, 0, TryId(b, out ulong uid)) { MinorId = uid };
            case "oauth2" when n == 3 && b is "applications" && c is "@me":
                return new(RestEndpoint.CurrentApplication, "/oauth2/applications/@me", 0, 0, true);
            case "applications" when n == 2 && b is "@me":
                return new(RestEndpoint.CurrentApplication, "/applications/@me", 0, 0, true);
            case "applications" when n >= 3:
            {
                bool ok = TryId(b, out ulong applicationId);
                if (n == 3 && c is "commands")
                {
                    return new(RestEndpoint.ApplicationCommands, "/applications/{application_id}/commands", applicationId, 0, ok);
                }
                if (n == 4 && c is "commands")
                {
                    ok &= TryId(d, out ulong commandId);
                    return new(RestEndpoint.ApplicationCommand, "/applications/{application_id}/commands/{command_id}", applicationId, 0, ok) { ItemId = commandId };
                }
                if (n >= 5 && c is "guilds" && e is "commands")
                {
                    ok &= TryId(d, out ulong guildId);
                    if (n == 5)
                    {
                        return new(RestEndpoint.ApplicationCommands, "/applications/{application_id}/guilds/{guild_id}/commands", applicationId, guildId, ok);
                    }
                    ok &= TryId(f, out ulong commandId);
                    return new(RestEndpoint.ApplicationCommand, "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", applicationId, guildId, ok) { ItemId = commandId };
                }
                break;
            }
            case "interactions" when n == 4 && d is "callback":
            {
                bool ok = TryId(b, out ulong interactionId);
                return new(RestEndpoint.InteractionCallback, "/interactions/{interaction_id}/{interaction_token}/callback", interactionId, 0, ok) { Token = c.ToString() };
            }
            case "webhooks" when n == 3:
            {
                bool ok = TryId(b, out ulong applicationId);
                return new(RestEndpoint.Webhook, "/webhooks/{webhook_id}/{webhook_token}", applicationId, 0, ok) { Token = c.ToString() };
            }
            case "webhooks" when n == 5 && d is "messages":
            {
                bool ok = TryId(b, out ulong applicationId);
                ulong messageId = 0;
                ok &= e is "@original" || TryId(e, out messageId);
                return new(RestEndpoint.WebhookMessage, e is "@original" ? "/webhooks/{webhook_id}/{webhook_token}/messages/@original" : "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
                    applicationId, 0, ok) { Token = c.ToString(), ItemId = messageId };
            }
            case "channels" when n >= 2:
            {
                bool ok = TryId(b, out ulong channelId);
                if (n == 2)
                {
                    return new(RestEndpoint.Channel, "/channels/{channel_id}", channelId, 0, ok);
                }
                if (n == 3 && c is "messages")
                {
                    return new(RestEndpoint.Messages, "/channels/{channel_id}/messages", channelId, 0, ok);
                }
                if (n == 3 && c is "typing")
                {
                    return new(RestEndpoint.Typing, "/channels/{channel_id}/typing", channelId, 0, ok);
                }
                if (n == 4 && c is "messages")
                {
                    ok &= TryId(d, out ulong messageId);
                    return new(RestEndpoint.Message, "/channels/{channel_id}/messages/{message_id}", channelId, messageId, ok);
                }
                break;
            }
            case "guilds" when n >= 2:
            {
                bool ok = TryId(b, out ulong guildId);
                if (n == 2)
                {
                    return new(RestEndpoint.Guild, "/guilds/{guild_id}", guildId, 0, ok);
                }
                if (n == 3 && c is "channels")
                {
                    return new(RestEndpoint.GuildChannels, "/guilds/{guild_id}/channels", guildId, 0, ok);
                }
                if (n == 3 && c is "roles")
                {
                    return new(RestEndpoint.GuildRoles, "/guilds/{guild_id}/roles", guildId, 0, ok);
                }
                if (n == 4 && c is "members")
                {
                    ok &= TryId(d, out ulong userId);
                    return new(RestEndpoint.GuildMember, "/guilds/{guild_id}/members/{user_id}", guildId, userId, ok);
                }
                break;
            }
        }
        return new RestRoute(RestEndpoint.NotFound, "", 0, 0, true);
    }

    private static bool TryId(ReadOnlySpan<char> s, out ulong id) =>
        ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
