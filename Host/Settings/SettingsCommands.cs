using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Llm;
using AndyAI.Discord.Hosting;

namespace AndyAI.Host.Settings;

/// <summary>
/// The host's settings commands: <c>/settings</c> (show, guild, me), <c>!settings</c> with the same words, and
/// <c>/model</c> with autocomplete. The host checks who may change a guild's settings (<see cref="SettingsEditor.MayChange"/>);
/// replies to slash commands are private.
/// </summary>
internal sealed class SettingsCommands(SettingsEditor editor, ILlmService llm, DiscordBot? bot = null)
{
    private const string KeyOption = "key";
    private const string ValueOption = "value";
    private const string NameOption = "name";

    public IReadOnlyList<SlashCommandDefinition> CreateSlashDefinitions() =>
    [
        new("settings", "Shows or changes this server's settings and your own.", SettingsAsync)
        {
            Subcommands =
            [
                new SlashSubcommand("show", "Shows this server's settings and yours."),
                new SlashSubcommand("guild", "Changes a setting of this server (Manage Server or a settings role).")
                {
                    Options = [Key(SettingsEditor.GuildKeys), Value("The new value; leave it out to reset")],
                },
                new SlashSubcommand("me", "Changes one of your own settings.")
                {
                    Options = [Key(SettingsEditor.UserKeys), Value("The new value; leave it out to reset")],
                },
            ],
        },
        new("model", "Lists the models, or picks the one that answers you.", ModelAsync)
        {
            Options =
            [
                new SlashCommandOption(NameOption, SlashOptionType.String, "The model (reset: the server's); leave it out to list them")
                {
                    MaxLength = 100,
                    Autocomplete = SuggestModelsAsync,
                },
            ],
        },
    ];

    /// <param name="prefix">The command prefix (<c>Commands:Prefix</c>), for the usage lines: the dispatcher's InvokedAs is the bare name.</param>
    public IReadOnlyList<CommandDefinition> CreatePrefixDefinitions(string prefix) =>
    [
        new("settings", "Shows this server's settings and yours, or changes one: `guild <key> [value]`, `me <key> [value]`.", (context, ct) => PrefixAsync(context, prefix, ct))
        {
            Parameters = [new CommandParameter("what", CommandParameterType.Remainder, "show | guild <key> [value] | me <key> [value]") { IsOptional = true }],
        },
    ];

    internal async ValueTask SettingsAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        string key = context.GetOption<string>(KeyOption) ?? "";
        string? value = context.GetOption<string>(ValueOption);
        string reply = context.Subcommand switch
        {
            "guild" when context.GuildId is not { } => "Server settings are changed in the server.",
            "guild" => await editor.SetGuildAsync(
                new SettingsEditor.Caller(context.User.Id, context.CallerIsOwner, context.MemberPermissions, context.MemberRoleIds), context.GuildId.Value, key, value, cancellationToken),
            "me" => await editor.SetUserAsync(context.User.Id, key, value, cancellationToken),
            _ => await editor.ShowAsync(context.User.Id, context.GuildId, cancellationToken),
        };
        await context.ReplyAsync(InteractionReply.Private(Fit(reply)), cancellationToken);
    }

    internal async ValueTask ModelAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        string? name = context.GetOption<string>(NameOption);
        string reply = string.IsNullOrWhiteSpace(name)
            ? await editor.ListModelsAsync(context.User.Id, context.GuildId, llm.Models, cancellationToken)
            : await editor.SetUserAsync(context.User.Id, "model", name, cancellationToken);
        await context.ReplyAsync(InteractionReply.Private(Fit(reply)), cancellationToken);
    }

    internal async ValueTask PrefixAsync(ICommandContext context, string prefix, CancellationToken cancellationToken)
    {
        string invoked = prefix + context.InvokedAs;
        string text = context.Get<string?>("what")?.Trim() ?? "";
        string[] words = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string verb = words.Length > 0 ? words[0].ToLowerInvariant() : "show";
        string reply;
        if ((verb == "guild" || verb == "me") && words.Length < 2)
        {
            reply = $"Usage: `{invoked} {verb} <key> [value]`; keys: {string.Join(", ", verb == "guild" ? SettingsEditor.GuildKeys : SettingsEditor.UserKeys)}.";
        }
        else
        {
            string? value = words.Length > 2 ? words[2] : null;
            ulong? guildId = context.Message.GuildId;
            reply = verb switch
            {
                "show" => await editor.ShowAsync(context.Message.Author.Id, guildId, cancellationToken),
                "guild" when guildId is null => "Server settings are changed in the server.",
                "guild" => await editor.SetGuildAsync(
                    new SettingsEditor.Caller(context.Message.Author.Id, context.CallerIsOwner,
                        bot?.GetMemberPermissions(guildId.Value, context.Message.Author.Id, context.Message.MemberRoleIds), context.Message.MemberRoleIds),
                    guildId.Value, words[1], value, cancellationToken),
                "me" => await editor.SetUserAsync(context.Message.Author.Id, words[1], value, cancellationToken),
                _ => $"Usage: `{invoked}`, `{invoked} guild <key> [value]` or `{invoked} me <key> [value]`.",
            };
        }

        await context.ReplyAsync(Fit(reply), cancellationToken);
    }

    private ValueTask<IReadOnlyList<SlashChoice>> SuggestModelsAsync(IAutocompleteContext context, CancellationToken cancellationToken)
    {
        string typed = context.Text.Trim();
        IReadOnlyList<SlashChoice> choices =
        [
            .. llm.Models
                .Where(m => m.Name.Contains(typed, StringComparison.OrdinalIgnoreCase) || m.DisplayName.Contains(typed, StringComparison.OrdinalIgnoreCase))
                .Take(24)
                .Select(m => new SlashChoice(Fit(m.DisplayName == m.Name ? m.Name : $"{m.DisplayName} ({m.Name})", 100), m.Name)),
            .. "reset".Contains(typed, StringComparison.OrdinalIgnoreCase) ? [new SlashChoice("The server's model (reset)", "reset")] : Array.Empty<SlashChoice>(),
        ];
        return ValueTask.FromResult(choices);
    }

    private static SlashCommandOption Key(IReadOnlyList<string> keys) =>
        new(KeyOption, SlashOptionType.String, "The setting") { Required = true, Choices = [.. keys.Select(k => new SlashChoice(k, k))] };

    private static SlashCommandOption Value(string description) =>
        new(ValueOption, SlashOptionType.String, description) { MaxLength = SettingsEditor.MaxPromptLength };

    private static string Fit(string text, int max = 2000) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
