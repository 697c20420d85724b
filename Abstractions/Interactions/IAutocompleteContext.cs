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
}
