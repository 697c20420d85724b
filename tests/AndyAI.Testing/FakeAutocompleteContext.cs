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

    /// <inheritdoc />
    /// <remarks>2 unless set, as <see cref="FakeInteractionContext.ChannelId"/>.</remarks>
    public ulong? ChannelId { get; init; } = 2;

    /// <inheritdoc />
    public bool IsInThread { get; init; }

    /// <inheritdoc />
    public ulong? ParentChannelId { get; init; }

    /// <inheritdoc />
    public bool CallerIsOwner { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<ulong> MemberRoleIds { get; init; } = [];

    /// <inheritdoc />
    public ulong? MemberPermissions { get; init; }

    /// <summary>
    /// The other options the user filled in so far, by name, typed as the bot hands them over (<see cref="string"/>,
    /// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="ulong"/> ids). In the bot the option being
    /// typed in is there too, as its text: <see cref="IAutocompleteContext.Options"/> adds it from <see cref="OptionName"/>
    /// and <see cref="Text"/>.
    /// </summary>
    public Dictionary<string, object> Options { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    IReadOnlyDictionary<string, object> IAutocompleteContext.Options => string.IsNullOrEmpty(OptionName)
        ? Options
        : new Dictionary<string, object>(Options, StringComparer.Ordinal) { [OptionName] = Text };

    /// <inheritdoc cref="IAutocompleteContext.GetOption{T}" />
    public T? GetOption<T>(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        object? value = ((IAutocompleteContext)this).Options.GetValueOrDefault(name);
        return value switch
        {
            null => default,
            T typed => typed,
            long whole when typeof(T) == typeof(double) || typeof(T) == typeof(double?) => (T)(object)(double)whole,
            _ => throw new InvalidCastException($"Option '{name}' holds a {value.GetType().Name}, not a {typeof(T).Name}."),
        };
    }
}
