namespace AndyAI.Discord.Interactions;

/// <summary>A predefined value of a string, integer or number option, or an autocomplete suggestion.</summary>
public sealed class ApplicationCommandChoice
{
    /// <summary>A choice for a string option.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public ApplicationCommandChoice(string name, string value)
        : this(name, (object)value)
    {
        ArgumentNullException.ThrowIfNull(value);
    }

    /// <summary>A choice for an integer option.</summary>
    public ApplicationCommandChoice(string name, long value)
        : this(name, (object)value)
    {
    }

    /// <summary>A choice for a number option.</summary>
    public ApplicationCommandChoice(string name, double value)
        : this(name, (object)value)
    {
    }

    private ApplicationCommandChoice(string name, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Value = value;
    }

    /// <summary>What the user sees (1–100 characters).</summary>
    public string Name { get; }

    /// <summary>What the bot receives: a <see cref="string"/>, <see cref="long"/> or <see cref="double"/>.</summary>
    public object Value { get; }

    /// <summary><see cref="Name"/> per locale (<c>"de"</c>, <c>"en-GB"</c>…), or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }
}
