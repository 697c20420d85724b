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
