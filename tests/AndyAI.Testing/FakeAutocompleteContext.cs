using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Testing;

/// <summary>
/// A user typing into an autocomplete option, for calling a <see cref="SlashCommandOption.Autocomplete"/> handler
/// directly: <c>await option.Autocomplete!(new FakeAutocompleteContext { CommandName = "roll", OptionName = "sides", Text = "2" }, ct)</c>.
/// </summary>
public sealed class FakeAutocompleteContext : IAutocompleteContext
{
    /// <inheritdoc />
    public string CommandName { get; init; } = "";

    /// <inheritdoc />
    public string? Subcommand { get; init; }

    /// <inheritdoc />
    public string? SubcommandGroup { get; init; }

    /// <inheritdoc />
    public string OptionName { get; init; } = "";

    /// <inheritdoc />
    public string Text { get; init; } = "";

    /// <inheritdoc />
    public DiscordUser User { get; init; } = new(1001, "alice", false);

    /// <inheritdoc />
    public ulong? GuildId { get; init; } = 1;
}
