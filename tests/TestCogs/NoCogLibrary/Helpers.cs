using AndyAI.Abstractions.Commands;

namespace NoCogLibrary;

/// <summary>References the contract but implements no ICog: a helper library dropped into plugins/ by mistake.</summary>
public static class Helpers
{
    public static CommandParameter Word(string name) => new(name, CommandParameterType.String);
}
