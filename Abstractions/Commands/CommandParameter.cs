namespace AndyAI.Abstractions.Commands;

/// <summary>One argument of a command.</summary>
/// <param name="Name">Its name, shown in usage lines as <c>&lt;name&gt;</c> or <c>[name]</c>.</param>
/// <param name="Type">How the text is parsed.</param>
/// <param name="Description">One line for <c>!help &lt;command&gt;</c>.</param>
public sealed record CommandParameter(string Name, CommandParameterType Type, string Description = "")
{
    /// <summary>Whether the argument may be left out; <see cref="DefaultValue"/> is used then.</summary>
    public bool IsOptional { get; init; }

    /// <summary>The value of an omitted optional argument (of the parameter's CLR type, or <see langword="null"/>).</summary>
    public object? DefaultValue { get; init; }
}

#pragma warning disable CA1720 // the members name the argument kinds users read in usage lines
/// <summary>How an argument's text is parsed, and the CLR type <see cref="ICommandContext"/> returns for it.</summary>
public enum CommandParameterType
{
    /// <summary>One word, or a "quoted string" → <see cref="string"/>.</summary>
    String,

    /// <summary>A whole number → <see cref="long"/>.</summary>
    Integer,

    /// <summary>A number → <see cref="double"/>.</summary>
    Number,

    /// <summary>true/false, yes/no, on/off, 1/0 → <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>A user mention (<c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c>) or a raw id → <see cref="ulong"/>.</summary>
    User,

    /// <summary>A channel mention (<c>&lt;#id&gt;</c>) or a raw id → <see cref="ulong"/>.</summary>
    Channel,

    /// <summary>The rest of the line, verbatim → <see cref="string"/>. Must be the last parameter.</summary>
    Remainder,
}
#pragma warning restore CA1720
