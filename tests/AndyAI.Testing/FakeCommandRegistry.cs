using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Testing;

/// <summary>An <see cref="ICommandRegistry"/> that records the commands a cog adds, so a test can call their handlers directly.</summary>
public sealed class FakeCommandRegistry : ICommandRegistry
{
    /// <summary>Every command added, in order.</summary>
    public List<CommandDefinition> Added { get; } = [];

    /// <summary>Decides <see cref="IsCommandInvocation"/>. Defaults to "never a command".</summary>
    public Func<DiscordMessage, bool> IsCommand { get; set; } = _ => false;

    /// <summary>The command prefix. Defaults to <c>!</c>.</summary>
    public string Prefix { get; set; } = "!";

    /// <summary>The added command called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">No command, or more than one, has that name.</exception>
    public CommandDefinition this[string name] => Added.Single(command => command.Name == name);

    /// <inheritdoc />
    public void Add(CommandDefinition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        // The host's check: a definition the bot would refuse at the cog's start fails here too.
        AndyAI.Commands.CommandDefinitionValidator.Validate(command);
        Added.Add(command);
    }

    /// <inheritdoc />
    public bool IsCommandInvocation(DiscordMessage message) => IsCommand(message);
}
