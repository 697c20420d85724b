using System.Globalization;

namespace AndyAI.Emulator.Rest;

internal enum RestEndpoint
{
    NotFound,
    Gateway,
    GatewayBot,
    CurrentUser,
    User,
    CurrentUserGuilds,
    CreateDm,
    CurrentApplication,
    Channel,
    Messages,
    Message,
    Typing,
    Guild,
    GuildChannels,
    GuildRoles,
    GuildMember,
}

/// <summary>A matched REST route: its template (for buckets and recording) and the ids it carries.</summary>
internal readonly record struct RestRoute(RestEndpoint Endpoint, string Template, ulong MajorId, ulong MinorId, bool IdsValid)
{
    /// <summary>Matches the path after <c>/api/v{N}</c>. Unknown paths give <see cref="RestEndpoint.NotFound"/>.</summary>
    public static RestRoute Match(ReadOnlySpan<char> path)
    {
        Span<Range> parts = stackalloc Range[6];
        path = path.Trim('/');
        int n = path.Split(parts, '/');
        if (n is 0 or > 5)
        {
            return new RestRoute(RestEndpoint.NotFound, "", 0, 0, true);
        }
        ReadOnlySpan<char> a = path[parts[0]];
        ReadOnlySpan<char> b = n > 1 ? path[parts[1]] : default;
        ReadOnlySpan<char> c = n > 2 ? path[parts[2]] : default;
        ReadOnlySpan<char> d = n > 3 ? path[parts[3]] : default;
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
