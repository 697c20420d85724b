using System.Globalization;
using System.Text.Json;
using AndyAI.Discord.Json;

namespace AndyAI.Discord.Rest;

// Application commands, global (guildId null) or per guild: https://discord.com/developers/docs/interactions/application-commands
internal sealed partial class DiscordRestClient
{
    public async Task<JsonApplicationCommand[]> GetApplicationCommandsAsync(ulong applicationId, ulong? guildId, CancellationToken cancellationToken) =>
        await SendCoreAsync(RestRoute.Application(HttpMethod.Get, applicationId, guildId, "", "?with_localizations=true"), null, DiscordJsonContext.Default.JsonApplicationCommandArray, false, cancellationToken)
            ?? [];

    /// <summary>Creates the command, or updates the one with the same name and type (Discord's upsert).</summary>
    public Task<JsonApplicationCommand> CreateApplicationCommandAsync(ulong applicationId, ulong? guildId, JsonApplicationCommand command, CancellationToken cancellationToken) =>
        SendAsync(RestRoute.Application(HttpMethod.Post, applicationId, guildId, "", ""),
            JsonSerializer.SerializeToUtf8Bytes(command, DiscordJsonContext.Default.JsonApplicationCommand), DiscordJsonContext.Default.JsonApplicationCommand, cancellationToken);

    public Task<JsonApplicationCommand> EditApplicationCommandAsync(ulong applicationId, ulong? guildId, ulong commandId, JsonApplicationCommand command, CancellationToken cancellationToken) =>
        SendAsync(RestRoute.Application(HttpMethod.Patch, applicationId, guildId, "/{command_id}", "/" + commandId.ToString(CultureInfo.InvariantCulture)),
            JsonSerializer.SerializeToUtf8Bytes(command, DiscordJsonContext.Default.JsonApplicationCommand), DiscordJsonContext.Default.JsonApplicationCommand, cancellationToken);

    public Task DeleteApplicationCommandAsync(ulong applicationId, ulong? guildId, ulong commandId, CancellationToken cancellationToken) =>
        SendCoreAsync<JsonApplicationCommand>(RestRoute.Application(HttpMethod.Delete, applicationId, guildId, "/{command_id}", "/" + commandId.ToString(CultureInfo.InvariantCulture)),
            null, null, false, cancellationToken);

    /// <summary>Replaces the whole set: commands not in <paramref name="commands"/> are deleted.</summary>
    public async Task<JsonApplicationCommand[]> BulkOverwriteApplicationCommandsAsync(ulong applicationId, ulong? guildId, JsonApplicationCommand[] commands, CancellationToken cancellationToken) =>
        await SendAsync(RestRoute.Application(HttpMethod.Put, applicationId, guildId, "", ""),
            JsonSerializer.SerializeToUtf8Bytes(commands, DiscordJsonContext.Default.JsonApplicationCommandArray), DiscordJsonContext.Default.JsonApplicationCommandArray, cancellationToken);
}
