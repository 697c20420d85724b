using AndyAI.Abstractions.Commands;
using AndyAI.Commands.Parsing;

namespace AndyAI.Commands;

/// <summary>A command in the catalog with the owner that registered it.</summary>
internal sealed class RegisteredCommand(string owner, CommandDefinition definition)
{
    public string Owner { get; } = owner;

    public CommandDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    public string FormatUsage(string prefix, string? invokedAs = null) =>
        UsageFormatter.Format(prefix, invokedAs ?? Definition.Name, Definition.Parameters);
}
