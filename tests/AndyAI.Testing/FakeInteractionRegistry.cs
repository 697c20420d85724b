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

    /// <summary>The cog's name, which the host puts before every custom id (<c>&lt;Cog&gt;:&lt;id&gt;</c>, 100 characters in all). <see cref="FakeCogContext"/> keeps it equal to its <see cref="FakeCogContext.CogName"/>.</summary>
    public string CogName { get; set; } = "TestCog";

    /// <inheritdoc />
    public void AddComponentHandler(string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler) =>
        AddHandler(ComponentHandlers, "component", customIdPrefix, handler);

    /// <inheritdoc />
    public void AddModalHandler(string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler) =>
        AddHandler(ModalHandlers, "modal", customIdPrefix, handler);

    // The host's checks (CogInteractionRegistry.AddHandler), with its messages: an empty prefix, one too long to fit
    // a custom id once namespaced, or the same prefix twice fails the cog's start in the bot, so it fails here too.
    private void AddHandler(Dictionary<string, Func<IInteractionContext, CancellationToken, ValueTask>> handlers, string kind, string customIdPrefix, Func<IInteractionContext, CancellationToken, ValueTask> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(customIdPrefix);
        ArgumentNullException.ThrowIfNull(handler);
        AndyAI.Host.Interactions.CustomIds.Namespace(CogName, customIdPrefix);
        if (!handlers.TryAdd(customIdPrefix, handler))
        {
            throw new ArgumentException($"{CogName} registered a {kind} handler for '{customIdPrefix}' already.", nameof(customIdPrefix));
        }
    }

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
