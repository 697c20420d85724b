using AndyAI.Abstractions;
using AndyAI.Abstractions.Interactions;

namespace SlashCog;

/// <summary>
/// Slash commands for the end-to-end tests: /slash-slow answers after 2.5 s (past the host's auto-defer),
/// /slash-boom throws, /slash-button posts a button whose presses say which build handled them. Two builds of this
/// one assembly (SlashCogV1/V2) say v1 or v2, /slash-config set|show nests subcommands in a group (contract 1.2), so a test can tell that a button posted by v1 reaches v2 after a reload.
/// /slash-pick posts a menu of each kind and answers what was picked, resolved; /slash-track suggests tracks of the
/// album already filled in (contract 1.6), and for its caller option who is typing where (contract 1.7):
/// "alice member in 123 roles 7,8".
/// </summary>
public sealed class SlashCog : ICog
{
#if SLASH_V2
    private const string Build = "v2";
#else
    private const string Build = "v1";
#endif
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(2.5);

    private TimeProvider _time = TimeProvider.System;

    public string Name => "Slash";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _time = context.Time;
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-slow", "Answers after 2.5 seconds.", SlowAsync));
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-boom", "Always fails.", (_, _) => throw new InvalidOperationException("boom")));
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-button", "Posts a button.", ButtonAsync));
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-config", "Subcommands and a group.", ConfigAsync)
        {
            Subcommands = [new SlashSubcommand("show", "Shows the settings.")],
            SubcommandGroups =
            [
                new SlashSubcommandGroup("set", "Changes a setting.")
                {
                    Subcommands =
                    [
                        new SlashSubcommand("colour", "Sets the colour.") { Options = [new SlashCommandOption("value", SlashOptionType.String, "The colour.") { Required = true }] },
                        new SlashSubcommand("size", "Sets the size.") { Options = [new SlashCommandOption("value", SlashOptionType.Integer, "The size.") { Required = true, MinValue = 1, MaxValue = 10 }] },
                    ],
                },
            ],
        });
        context.Interactions.AddComponentHandler("press", PressAsync);
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-pick", "Posts a select menu of each kind.", PickMenusAsync));
        context.Interactions.AddComponentHandler("pick-", PickedAsync);
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-track", "Autocomplete that reads another option.", (_, _) => ValueTask.CompletedTask)
        {
            Options =
            [
                new SlashCommandOption("album", SlashOptionType.String, "The album."),
                new SlashCommandOption("disc", SlashOptionType.Integer, "The disc."),
                new SlashCommandOption("track", SlashOptionType.String, "The track.") { Autocomplete = SuggestTracksAsync },
                new SlashCommandOption("caller", SlashOptionType.String, "Who is typing, and where.") { Autocomplete = SuggestCallerAsync },
            ],
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private async ValueTask SlowAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        await Task.Delay(SlowAnswer, _time, cancellationToken);
        await interaction.ReplyAsync(InteractionReply.Public(Build + ": slow done"), cancellationToken);
    }

    private static async ValueTask ButtonAsync(IInteractionContext interaction, CancellationToken cancellationToken) =>
        await interaction.ReplyAsync(new InteractionReply(Build + ": press the button") { Components = [InteractionComponent.Button("press", "Press")] }, cancellationToken);

    private static async ValueTask ConfigAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        string value = interaction.Subcommand == "size" ? interaction.GetOption<long>("value").ToString(System.Globalization.CultureInfo.InvariantCulture) : interaction.GetOption<string>("value") ?? "-";
        await interaction.ReplyAsync(InteractionReply.Public($"{Build}: {interaction.SubcommandGroup ?? "-"} {interaction.Subcommand} {value}"), cancellationToken);
    }

    private static async ValueTask PressAsync(IInteractionContext interaction, CancellationToken cancellationToken) =>
        await interaction.ReplyAsync(InteractionReply.Public($"{Build}: pressed {interaction.CustomId}"), cancellationToken);

    private static async ValueTask PickMenusAsync(IInteractionContext interaction, CancellationToken cancellationToken) =>
        await interaction.ReplyAsync(new InteractionReply(Build + ": pick")
        {
            Components =
            [
                InteractionComponent.Select("pick-colour", [new("Red", "red"), new("Blue", "blue"), new("Green", "green")], minValues: 0, maxValues: 2, placeholder: "Colours"),
                InteractionComponent.UserSelect("pick-users", maxValues: 3),
                InteractionComponent.RoleSelect("pick-roles"),
                InteractionComponent.MentionableSelect("pick-any", maxValues: 2),
                // Contract 1.7: the channel the command ran in is shown already picked.
                interaction.ChannelId is ulong here
                    ? InteractionComponent.ChannelSelect("pick-where", channelTypes: [0]).WithDefaultValues(InteractionSelectDefault.Channel(here))
                    : InteractionComponent.ChannelSelect("pick-where", channelTypes: [0]),
            ],
        }, cancellationToken);

    private static async ValueTask PickedAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        string picked = $"{interaction.CustomId} values={string.Join(',', interaction.SelectedValues)} users={string.Join(',', interaction.SelectedUsers.Select(u => u.Username))}"
            + $" roles={string.Join(',', interaction.SelectedRoles.Select(r => r.Name))} channels={string.Join(',', interaction.SelectedChannels.Select(c => $"{c.Name}({c.Type})"))}";
        await interaction.ReplyAsync(InteractionReply.Public($"{Build}: {picked}"), cancellationToken);
    }

    private static ValueTask<IReadOnlyList<SlashChoice>> SuggestTracksAsync(IAutocompleteContext context, CancellationToken cancellationToken)
    {
        string album = context.GetOption<string>("album") ?? "no album";
        long disc = context.GetOption<long>("disc");
        string name = $"{album} disc {disc.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {context.Text}";
        return ValueTask.FromResult<IReadOnlyList<SlashChoice>>([new SlashChoice(name, context.Text)]);
    }

    private static ValueTask<IReadOnlyList<SlashChoice>> SuggestCallerAsync(IAutocompleteContext context, CancellationToken cancellationToken)
    {
        string channel = context.ChannelId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        string roles = context.MemberRoleIds.Count == 0 ? "none" : string.Join(',', context.MemberRoleIds);
        string name = $"{context.User.Username} {(context.CallerIsOwner ? "owner" : "member")} in {channel} roles {roles}";
        return ValueTask.FromResult<IReadOnlyList<SlashChoice>>([new SlashChoice(name, "caller")]);
    }
}
