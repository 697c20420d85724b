namespace AndyAI.Abstractions.Commands;

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
