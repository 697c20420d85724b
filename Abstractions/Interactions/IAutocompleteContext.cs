using AndyAI.Abstractions.Discord;

namespace AndyAI.Abstractions.Interactions;

/// <summary>A user typing into an option that has an autocomplete handler.</summary>
public interface IAutocompleteContext
{
    /// <summary>The command's name.</summary>
    string CommandName { get; }

    /// <summary>The subcommand, or <see langword="null"/>.</summary>
    string? Subcommand { get; }

    /// <summary>The group of that subcommand, or <see langword="null"/>. Added in contract 1.2.</summary>
    string? SubcommandGroup => null;

    /// <summary>The option being typed in.</summary>
    string OptionName { get; }

    /// <summary>What the user has typed so far (possibly empty).</summary>
    string Text { get; }

    /// <summary>Who is typing.</summary>
    DiscordUser User { get; }

    /// <summary>The server, or <see langword="null"/> in DMs.</summary>
    ulong? GuildId { get; }

    /// <summary>
    /// The options filled in so far (of the subcommand, if any), by name, typed as
    /// <see cref="IInteractionContext.GetOption{T}"/> sees them: <see cref="string"/>, <see cref="long"/>,
    /// <see cref="double"/>, <see cref="bool"/>, or a <see cref="ulong"/> id for users, channels, roles and
    /// attachments. The option being typed in is there too, as its text (<see cref="Text"/>). Added in contract 1.6;
    /// empty on an older host or test double.
    /// </summary>
    IReadOnlyDictionary<string, object> Options => System.Collections.ObjectModel.ReadOnlyDictionary<string, object>.Empty;

    /// <summary>
    /// The value of option <paramref name="name"/> as <typeparamref name="T"/>, or <see langword="default"/> when the
    /// user has not filled it in yet; a whole number reads as <see cref="double"/> too. Added in contract 1.6.
    /// </summary>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/> (e.g. the focused option, which is text).</exception>
    T? GetOption<T>(string name) => OptionValue.As<T>(Options, name);
}
