using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AndyAI.Abstractions.Storage;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Services.Llm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Settings;

/// <summary>
/// What <c>/settings</c>, <c>!settings</c> and <c>/model</c> do, whichever door they come through: show the
/// settings, change a guild's (after the permission check) or a user's own. Every reply is a sentence for the user;
/// bad input gets one saying what was expected.
/// </summary>
internal sealed partial class SettingsEditor(
    BotSettingsService settings,
    IOptions<LlmOptions> llm,
    ICogSupervisor cogs,
    IGuildDirectory guilds,
    ILogger<SettingsEditor> logger)
{
    /// <summary>Discord's Administrator and Manage Guild permission bits.</summary>
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;

    public const int MaxPromptLength = 1500;
    public const int MaxNameLength = 80;
    public const int MaxPersonaLength = 300;
    public const int MaxLanguageLength = 40;

    public static readonly IReadOnlyList<string> GuildKeys = ["prompt", "persona", "model", "channels", "ai-roles", "settings-roles", "cog", "user-quota", "guild-quota"];
    public static readonly IReadOnlyList<string> UserKeys = ["model", "language", "persona"];

    /// <summary>Who asks: enough to decide whether they may change a guild's settings.</summary>
    internal readonly record struct Caller(ulong UserId, bool IsOwner, ulong? Permissions, IReadOnlyList<ulong> RoleIds);

    /// <summary>Whether <paramref name="caller"/> may change the guild's settings: an owner of the bot, Manage Guild (or Administrator), or a settings role.</summary>
    public bool MayChange(Caller caller, ulong guildId) =>
        caller.IsOwner
        || (caller.Permissions is { } bits && (bits & (ManageGuild | Administrator)) != 0)
        || caller.RoleIds.Any(settings.Guild(guildId).SettingsRoleIds.Contains);

    public async Task<string> ShowAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (guildId is { } id)
        {
            GuildSettingsDocument guild = settings.Guild(id);
            text.AppendLine("**This server**");
            foreach (string key in GuildKeys)
            {
                // The same words as a change's reply, so "show" and "Done: …" never disagree.
                text.AppendLine(CultureInfo.InvariantCulture, $"{(key == "cog" ? "cogs turned off" : key)}: {Describe(key, guild, id)}");
            }
        }

        UserSettingsDocument user = await settings.UserAsync(userId, cancellationToken);
        text.AppendLine("**You**")
            .AppendLine(CultureInfo.InvariantCulture, $"model: {Shown(user.Model, guildId is null ? "the bot's default" : "the server's")}")
            .AppendLine(CultureInfo.InvariantCulture, $"language: {Shown(user.Language, "any")}")
            .Append(CultureInfo.InvariantCulture, $"persona: {Shown(user.Persona, "none")}");
        return text.ToString();
    }

    /// <summary>Changes one guild setting; <paramref name="value"/> empty or <c>reset</c> restores the default.</summary>
    public async Task<string> SetGuildAsync(Caller caller, ulong guildId, string key, string? value, CancellationToken cancellationToken)
    {
        if (!MayChange(caller, guildId))
        {
            SettingsLog.ChangeRefused(logger, caller.UserId, guildId);
            return "You may not change this server's settings: that takes Manage Server or one of its settings roles.";
        }

        key = key.Trim().ToLowerInvariant();
        string text = (value ?? "").Trim();
        bool reset = text.Length == 0 || text.Equals("reset", StringComparison.OrdinalIgnoreCase);
        GuildSettingsDocument current = settings.Guild(guildId);
        GuildSettingsDocument changed;
        CogSwitched? switchedCog = null;
        string? uncheckedNote = null;
        switch (key)
        {
            case "prompt":
                if (text.Length > MaxPromptLength) return TooLong("prompt", text.Length, MaxPromptLength);
                changed = current with { SystemPrompt = reset ? null : text };
                break;
            case "persona":
                if (text.Length > MaxNameLength) return TooLong("persona name", text.Length, MaxNameLength);
                changed = current with { PersonaName = reset ? null : text };
                break;
            case "model":
                string? model = reset ? null : settings.KnownModel(text);
                if (!reset && model is null) return UnknownModel(text);
                changed = current with { Model = model };
                break;
            case "channels":
                if (GuildIds(guildId, text, "all", IdKind.Channel, "Give channels as mentions (#general) or ids, or `all`.", ref uncheckedNote, out ulong[] channels) is { } noChannels) return noChannels;
                changed = current with { AllowedChannelIds = channels };
                break;
            case "ai-roles":
                if (GuildIds(guildId, text, "everyone", IdKind.Role, "Give roles as mentions (@Members) or ids, or `everyone`.", ref uncheckedNote, out ulong[] aiRoles) is { } noAiRoles) return noAiRoles;
                changed = current with { AiRoleIds = aiRoles };
                break;
            case "settings-roles":
                if (GuildIds(guildId, text, "none", IdKind.Role, "Give roles as mentions (@Mods) or ids, or `none` (Manage Server only).", ref uncheckedNote, out ulong[] settingsRoles) is { } noSettingsRoles) return noSettingsRoles;
                changed = current with { SettingsRoleIds = settingsRoles };
                break;
            case "cog":
                if (CogSwitch(current, text, out switchedCog, out string? refusal) is not { } switched) return refusal!;
                changed = switched;
                break;
            case "user-quota":
            case "guild-quota":
                long? quota = null;
                if (!reset)
                {
                    string digits = text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
                    if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long tokens))
                    {
                        // "-5" and a 25-digit number are whole numbers: asking for one would leave the admin puzzled.
                        return digits.TrimStart('-').Length > 0 && digits.TrimStart('-').All(char.IsAsciiDigit)
                            ? digits.StartsWith('-')
                                ? "A quota cannot be negative: give 0 for no limit here, or `reset` for the bot's default."
                                : "That quota is too large: give 0 for no limit here, or `reset` for the bot's default."
                            : "Give the quota as a whole number of tokens per day (0 for no limit here), or `reset` for the bot's default.";
                    }

                    quota = tokens;
                }

                changed = key == "user-quota" ? current with { DailyUserTokens = quota } : current with { DailyGuildTokens = quota };
                break;
            default:
                return $"There is no server setting `{key}`. Settings: {string.Join(", ", GuildKeys)}.";
        }

        try
        {
            await settings.SetGuildAsync(guildId, changed, cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            return Unavailable;
        }

        SettingsLog.Changed(logger, caller.UserId, "guild", key, guildId);
        return switchedCog is not null
            ? $"Done: {switchedCog.Cog} is now {(switchedCog.On ? "on" : "off")} in this server. Cogs turned off here: {Describe(key, changed)}."
            : key == "cog"
                ? "Done: every cog is on in this server again."
                : $"Done: server setting `{key}` is now {Describe(key, changed)}.{uncheckedNote}";
    }

    /// <summary>Changes one of the user's own settings; <paramref name="value"/> empty or <c>reset</c> clears it.</summary>
    public async Task<string> SetUserAsync(ulong userId, string key, string? value, CancellationToken cancellationToken)
    {
        key = key.Trim().ToLowerInvariant();
        string text = (value ?? "").Trim();
        bool reset = text.Length == 0 || text.Equals("reset", StringComparison.OrdinalIgnoreCase);
        UserSettingsDocument current = await settings.UserAsync(userId, cancellationToken);
        UserSettingsDocument changed;
        switch (key)
        {
            case "model":
                string? model = reset ? null : settings.KnownModel(text);
                if (!reset && model is null) return UnknownModel(text);
                changed = current with { Model = model };
                break;
            case "language":
                if (text.Length > MaxLanguageLength) return TooLong("language", text.Length, MaxLanguageLength);
                changed = current with { Language = reset ? null : text };
                break;
            case "persona":
                if (text.Length > MaxPersonaLength) return TooLong("persona line", text.Length, MaxPersonaLength);
                changed = current with { Persona = reset ? null : text };
                break;
            default:
                return $"There is no personal setting `{key}`. Settings: {string.Join(", ", UserKeys)}.";
        }

        try
        {
            await settings.SetUserAsync(userId, changed, cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            return Unavailable;
        }

        SettingsLog.Changed(logger, userId, "user", key, null);
        string shown = key switch
        {
            "model" => Shown(changed.Model, "the server's (the bot's default in DMs)"),
            "language" => Shown(changed.Language, "any"),
            _ => Shown(changed.Persona, "none"),
        };
        return $"Done: your `{key}` is now {shown}.";
    }

    /// <summary>The models, one a line, the caller's current choice marked.</summary>
    public async Task<string> ListModelsAsync(ulong userId, ulong? guildId, IReadOnlyList<AndyAI.Abstractions.Llm.LlmModelInfo> models, CancellationToken cancellationToken)
    {
        string current = (await settings.GetAsync(userId, guildId, cancellationToken)).Model ?? AndyAI.Abstractions.Llm.LlmModelInfo.DefaultName;
        var text = new StringBuilder("Models (`/model name` picks one for you, `/model reset` goes back to the server's):");
        foreach (AndyAI.Abstractions.Llm.LlmModelInfo model in models)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{(string.Equals(model.Name, current, StringComparison.OrdinalIgnoreCase) ? "▶" : "•")} `{model.Name}`: {model.DisplayName}");
            if (model.ContextTokens > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({model.ContextTokens:N0} tokens of context)");
            }

            if (model.IsFallback)
            {
                text.Append(" (fallback)");
            }
        }

        return text.ToString();
    }

    private const string Unavailable = "The settings could not be saved: the database is unavailable right now. Please try again in a minute.";

    // "1,501" and "1,500", as MessageHandler's "your question is 4,100 characters long" writes them, whatever the host's culture.
    private static string TooLong(string what, int length, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The {what} is {length:N0} characters long; at most {limit:N0} fit.");

    private string UnknownModel(string name) =>
        $"There is no model `{name}`. Models: {string.Join(", ", new[] { AndyAI.Abstractions.Llm.LlmModelInfo.DefaultName }.Concat(llm.Value.Models.Keys))}.";

    private enum IdKind
    {
        Channel,
        Role,
    }

    /// <summary>
    /// Reads channel (or role) ids for a server setting (see <see cref="TryIds"/>); returns the refusal, or null with
    /// <paramref name="ids"/> set. <paramref name="usage"/> when the text is not ids of that kind; a refusal naming
    /// them when an id is no channel (or role) of the guild: stored, it would show as #unknown and match nothing, so
    /// the AI would fall silent everywhere (or refuse every member) without a word to the admin. When this process
    /// does not know the guild (see <see cref="IGuildDirectory"/>), the ids are taken as given and
    /// <paramref name="uncheckedNote"/> says so: refusing would make the setting impossible to change from here.
    /// </summary>
    private string? GuildIds(ulong guildId, string text, string none, IdKind kind, string usage, ref string? uncheckedNote, out ulong[] ids)
    {
        if (!TryIds(text, none, kind, out ids)) return usage;
        var missing = new List<ulong>();
        foreach (ulong id in ids)
        {
            bool? known = kind == IdKind.Channel ? guilds.HasChannel(guildId, id) : guilds.HasRole(guildId, id);
            if (known is null)
            {
                uncheckedNote = $" (Not checked: the bot has not loaded this server's {(kind == IdKind.Channel ? "channels" : "roles")} yet, so make sure they are right.)";
                return null;
            }

            if (known == false)
            {
                missing.Add(id);
            }
        }

        if (missing.Count == 0)
        {
            return null;
        }

        string what = kind == IdKind.Channel ? "channel" : "role";
        string listed = string.Join(", ", missing.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        return missing.Count == 1
            ? $"{listed} is not a {what} of this server; nothing was changed."
            : $"{listed} are not {what}s of this server; nothing was changed.";
    }

    private GuildSettingsDocument? CogSwitch(GuildSettingsDocument current, string text, out CogSwitched? switched, out string? refusal)
    {
        refusal = null;
        switched = null;
        if (text.Length == 0 || text.Equals("reset", StringComparison.OrdinalIgnoreCase))
        {
            // docs/settings.md: leaving the value out (or reset) restores the default, which is every cog on.
            return current with { DisabledCogs = [] };
        }

        string[] words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool? on = words.Length == 2 ? words[1].ToLowerInvariant() switch { "on" or "enable" or "enabled" => true, "off" or "disable" or "disabled" => false, _ => null } : null;
        if (on is null)
        {
            refusal = "Give a cog and on or off, e.g. `MessageHandler off`.";
            return null;
        }

        string? cog = cogs.List().Select(c => c.Name).FirstOrDefault(n => string.Equals(n, words[0], StringComparison.OrdinalIgnoreCase))
            ?? current.DisabledCogs.FirstOrDefault(n => string.Equals(n, words[0], StringComparison.OrdinalIgnoreCase));
        if (cog is null || string.Equals(cog, AndyAI.Commands.ICommandCatalog.HostOwner, StringComparison.OrdinalIgnoreCase))
        {
            refusal = $"There is no cog `{words[0]}` to switch. Cogs: {string.Join(", ", cogs.List().Select(c => c.Name))}.";
            return null;
        }

        string[] disabled = [.. current.DisabledCogs.Where(n => !string.Equals(n, cog, StringComparison.OrdinalIgnoreCase))];
        switched = new CogSwitched(cog, on.Value);
        return current with { DisabledCogs = on.Value ? disabled : [.. disabled, cog] };
    }

    /// <summary>
    /// A guild setting in the words a change replies with. With <paramref name="shownIn"/> (showing, not changing),
    /// stored channels and roles the server no longer has are marked, and a list left with none that exists says what
    /// that does: deleting the only AI channel silences the AI, deleting the only AI role locks everyone out.
    /// </summary>
    private string Describe(string key, GuildSettingsDocument settings, ulong? shownIn = null) => key switch
    {
        "prompt" => Shown(settings.SystemPrompt, "the bot's default"),
        "persona" => Shown(settings.PersonaName, "none"),
        "model" => Shown(settings.Model, "the bot's default"),
        "channels" => Ids(settings.AllowedChannelIds, "<#{0}>", "every channel",
            Gone(shownIn, settings.AllowedChannelIds, guilds.HasChannel), "the AI answers in no channel here until `channels` is changed or reset"),
        "ai-roles" => Ids(settings.AiRoleIds, "<@&{0}>", "everyone",
            Gone(shownIn, settings.AiRoleIds, guilds.HasRole), "nobody here may use the AI until `ai-roles` is changed or reset"),
        "settings-roles" => Ids(settings.SettingsRoleIds, "<@&{0}>", "Manage Server only",
            Gone(shownIn, settings.SettingsRoleIds, guilds.HasRole), "only members with Manage Server may change these settings"),
        "cog" => settings.DisabledCogs.Length == 0 ? "none" : string.Join(", ", settings.DisabledCogs),
        "user-quota" => Quota(settings.DailyUserTokens),
        _ => Quota(settings.DailyGuildTokens),
    };

    private static string Shown(string? value, string unset) => value is null ? unset : $"`{value.Replace('`', '\'')}`";

    private static string Quota(long? tokens) => tokens switch
    {
        null => "the bot's default",
        0 => "no limit",
        { } n => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? "token" : "tokens")} a day"),
    };

    private static string Ids(ulong[] ids, string format, string none, HashSet<ulong>? gone = null, string? whenAllGone = null)
    {
        if (ids.Length == 0)
        {
            return none;
        }

        string listed = string.Join(" ", ids.Select(id => string.Format(CultureInfo.InvariantCulture, format, id) + (gone?.Contains(id) == true ? " (deleted)" : "")));
        return gone is not null && ids.All(gone.Contains) ? $"{listed}: none of these exists any more, so {whenAllGone}" : listed;
    }

    /// <summary>The ids <paramref name="exists"/> says the guild no longer has; null when not showing, or the guild is unknown here.</summary>
    private static HashSet<ulong>? Gone(ulong? guildId, ulong[] ids, Func<ulong, ulong, bool?> exists)
    {
        if (guildId is not { } guild || ids.Length == 0)
        {
            return null;
        }

        var gone = new HashSet<ulong>();
        foreach (ulong id in ids)
        {
            switch (exists(guild, id))
            {
                case null:
                    return null;
                case false:
                    gone.Add(id);
                    break;
            }
        }

        return gone;
    }

    /// <summary>
    /// Mentions of one kind (<c>&lt;#…&gt;</c> for channels, <c>&lt;@&amp;…&gt;</c> for roles) or raw ids, separated by
    /// spaces or commas; <paramref name="none"/>, <c>reset</c> or nothing → none.
    /// </summary>
    private static bool TryIds(string text, string none, IdKind kind, out ulong[] ids)
    {
        string mention = kind == IdKind.Channel ? "<#" : "<@&";
        ids = [];
        if (text.Length == 0 || text.Equals(none, StringComparison.OrdinalIgnoreCase) || text.Equals("reset", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var found = new List<ulong>();
        foreach (string part in text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            Match match = IdPattern().Match(part);
            // A channel's id taken as a role (or the reverse) would match nobody: ai-roles #general locks every member out.
            if (!match.Success || (match.Groups[1].Index > 0 && !part.StartsWith(mention, StringComparison.Ordinal)) || !ulong.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) || id == 0)
            {
                return false;
            }

            if (!found.Contains(id))
            {
                found.Add(id);
            }
        }

        ids = [.. found];
        return ids.Length > 0;
    }

    [GeneratedRegex(@"^(?:<#|<@&)?(\d{1,20})>?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>The cog a <c>cog</c> change switches, and to which state.</summary>
    private sealed record CogSwitched(string Cog, bool On);
}
