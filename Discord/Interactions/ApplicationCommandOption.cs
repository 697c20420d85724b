namespace AndyAI.Discord.Interactions;

/// <summary>An option (parameter) of a slash command, or one of its subcommands or subcommand groups.</summary>
public sealed class ApplicationCommandOption
{
    /// <summary>The value type, or <see cref="ApplicationCommandOptionType.SubCommand"/>/<see cref="ApplicationCommandOptionType.SubCommandGroup"/>.</summary>
    public required ApplicationCommandOptionType Type { get; init; }

    /// <summary>1–32 lowercase characters (letters, digits, <c>-</c>, <c>_</c>), unique among its siblings.</summary>
    public required string Name { get; init; }

    /// <summary>1–100 characters.</summary>
    public required string Description { get; init; }

    /// <summary>Whether the user must fill it in; required options come before optional ones. Defaults to false.</summary>
    public bool Required { get; init; }

    /// <summary>Up to 25 values the user picks from (string, integer and number options only), or <see langword="null"/>.</summary>
    public IReadOnlyList<ApplicationCommandChoice>? Choices { get; init; }

    /// <summary>The options of a subcommand, or the subcommands of a group; <see langword="null"/> for value options.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>Channel types a channel option accepts (0 = text, 2 = voice…), or <see langword="null"/> for all.</summary>
    public IReadOnlyList<int>? ChannelTypes { get; init; }

    /// <summary>The smallest value of an integer or number option, or <see langword="null"/>.</summary>
    public double? MinValue { get; init; }

    /// <summary>The largest value of an integer or number option, or <see langword="null"/>.</summary>
    public double? MaxValue { get; init; }

    /// <summary>The shortest text of a string option (0–6000), or <see langword="null"/>.</summary>
    public int? MinLength { get; init; }

    /// <summary>The longest text of a string option (1–6000), or <see langword="null"/>.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Whether typing sends autocomplete interactions (string, integer and number options without <see cref="Choices"/>).</summary>
    public bool Autocomplete { get; init; }

    /// <summary><see cref="Name"/> per locale, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }

    /// <summary><see cref="Description"/> per locale, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? DescriptionLocalizations { get; init; }
}
