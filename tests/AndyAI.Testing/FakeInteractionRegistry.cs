using AndyAI.Abstractions.Interactions;

namespace AndyAI.Testing;

/// <summary>An <see cref="IInteractionRegistry"/> that records what a cog registers, so a test can call the handlers directly.</summary>
public sealed class FakeInteractionRegistry : IInteractionRegistry
{
    /// <summary>Every slash command added, in order.</summary>
    public List<SlashCommandDefinition> Commands { get; } = [];

    /// <summary>Component handlers by custom id prefix.</summary>
    public Dictionary<string, Func<IInteractionContext, CancellationToken, ValueTask>> ComponentHandlers { get; } = new(StringComparer.Ordinal);

    /// <summary>Modal handlers by custom id prefix.</summary>
    public Dictionary<string, Func<IInteractionContext, CancellationToken, ValueTask>> ModalHandlers { get; } = new(StringComparer.Ordinal);

    /// <summary>The added command called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">No command, or more than one, has that name.</exception>
    public SlashCommandDefinition this[string name] => Commands.Single(command => command.Name == name);

    /// <inheritdoc />
    public void AddCommand(SlashCommandDefinition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        // The host's check (Discord's rules for names, options, choices): what the bot would refuse fails here too.
        AndyAI.Host.Interactions.SlashCommandValidator.Validate(command);
        Commands.Add(command);
    }

    /// <inheritdoc />
    public void AddComponentHandler(string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler) =>
        ComponentHandlers.Add(customIdPrefix, handler);

    /// <inheritdoc />
    public void AddModalHandler(string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler) =>
        ModalHandlers.Add(customIdPrefix, handler);

    /// <summary>What <see cref="ListCommands"/> returns besides the cog's own commands (other cogs', the host's).</summary>
    public List<SlashCommandInfo> OtherCommands { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<SlashCommandInfo> ListCommands() =>
    [
        .. Commands.Select(c => new SlashCommandInfo(c.Name, c.Description, "/" + c.Name, c.OwnerOnly)).Concat(OtherCommands).OrderBy(c => c.Name, StringComparer.Ordinal),
    ];

    /// <summary>Forgets everything, as the host does at unload.</summary>
    public void Clear()
    {
        Commands.Clear();
        ComponentHandlers.Clear();
        ModalHandlers.Clear();
    }
}
