namespace AndyAI.Abstractions.Interactions;

/// <summary>A button or select menu in an <see cref="InteractionReply"/>. Build one with the static methods.</summary>
public sealed class InteractionComponent
{
    private InteractionComponent(InteractionComponentKind kind, string? customId, string? label)
    {
        Kind = kind;
        CustomId = customId;
        Label = label;
    }

    /// <summary>What it is.</summary>
    public InteractionComponentKind Kind { get; }

    /// <summary>The id the cog's component handler sees (the host namespaces it per cog), or <see langword="null"/> for a link.</summary>
    public string? CustomId { get; }

    /// <summary>A button's text.</summary>
    public string? Label { get; }

    /// <summary>A button's colour.</summary>
    public InteractionButtonStyle Style { get; private init; }

    /// <summary>A link button's URL.</summary>
    public Uri? Url { get; private init; }

    /// <summary>Whether it is greyed out.</summary>
    public bool Disabled { get; private init; }

    /// <summary>A select menu's entries.</summary>
    public IReadOnlyList<InteractionSelectOption> Options { get; private init; } = [];

    /// <summary>A select menu's text shown when nothing is picked.</summary>
    public string? Placeholder { get; private init; }

    /// <summary>A button that sends a component interaction with <paramref name="customId"/>.</summary>
    /// <exception cref="ArgumentException">An empty id or label.</exception>
    public static InteractionComponent Button(string customId, string label, InteractionButtonStyle style = InteractionButtonStyle.Primary, bool disabled = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return new(InteractionComponentKind.Button, customId, label) { Style = style, Disabled = disabled };
    }

    /// <summary>A button that opens <paramref name="url"/>; it sends no interaction.</summary>
    public static InteractionComponent LinkButton(Uri url, string label)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return new(InteractionComponentKind.LinkButton, null, label) { Url = url };
    }

    /// <summary>A menu of 1–25 entries; picking one sends a component interaction with <paramref name="customId"/>.</summary>
    /// <exception cref="ArgumentException">An empty id, or not 1–25 options.</exception>
    public static InteractionComponent Select(string customId, IReadOnlyList<InteractionSelectOption> options, string? placeholder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count is 0 or > 25)
        {
            throw new ArgumentException("A select menu has 1 to 25 options.", nameof(options));
        }

        return new(InteractionComponentKind.Select, customId, null) { Options = [.. options], Placeholder = placeholder };
    }
}
