using AndyAI.Abstractions.Interactions;

namespace AndyAI.Testing;

/// <summary>An <see cref="IInteractionRegistry"/> that records what a cog registers, so a test can call the handlers directly.</summary>
public sealed class FakeInteractionRegistry : IInteractionRegistry
{
    /// <summary>
    /// Every slash command added, in order. Its handler, like those in <see cref="ComponentHandlers"/> and
    /// <see cref="ModalHandlers"/>, gives a <see cref="FakeInteractionContext"/> it runs with this cog's
    /// <see cref="CogName"/> (unless the test set one) before calling the cog's.
    /// </summary>
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
        Commands.Add(command with { Handler = OfThisCog(command.Handler) });
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
        if (!handlers.TryAdd(customIdPrefix, OfThisCog(handler)))
        {
            throw new ArgumentException($"{CogName} registered a {kind} handler for '{customIdPrefix}' already.", nameof(customIdPrefix));
        }
    }

    // The bot namespaces the custom ids of what a handler sends with its cog's name: a FakeInteractionContext passed
    // to the handler checks them under this cog's name (unless the test set one), not the default "TestCog".
    private Func<IInteractionContext, CancellationToken, ValueTask> OfThisCog(Func<IInteractionContext, CancellationToken, ValueTask> handler) =>
        (interaction, cancellationToken) =>
        {
            (interaction as FakeInteractionContext)?.RunBy(this);
            return handler(interaction, cancellationToken);
        };

    /// <summary>
    /// Runs the <see cref="SlashCommandOption.Autocomplete"/> handler of the option <paramref name="typing"/> is in
    /// (<see cref="FakeAutocompleteContext.CommandName"/>, <c>Subcommand</c>, <c>SubcommandGroup</c>,
    /// <c>OptionName</c>) and checks its suggestions as the bot does before sending them: a choice whose name is not 1–100
    /// characters, or whose value does not fit the option's type, throws with the bot's message (the bot then sends no
    /// suggestion at all and logs the error); at most 25 are kept.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such command or option, or the option has no autocomplete handler.</exception>
    /// <exception cref="ArgumentException">A suggestion the bot would refuse.</exception>
    public async Task<IReadOnlyList<SlashChoice>> AutocompleteAsync(FakeAutocompleteContext typing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typing);
        SlashCommandDefinition command = Commands.SingleOrDefault(c => c.Name == typing.CommandName)
            ?? throw new InvalidOperationException($"{CogName} has no slash command '/{typing.CommandName}'.");
        IReadOnlyList<SlashCommandOption> declared = typing.Subcommand is null ? command.Options
            : typing.SubcommandGroup is null ? command.Subcommands.FirstOrDefault(s => s.Name == typing.Subcommand)?.Options ?? []
            : command.SubcommandGroups.FirstOrDefault(g => g.Name == typing.SubcommandGroup)?.Subcommands.FirstOrDefault(s => s.Name == typing.Subcommand)?.Options ?? [];
        SlashCommandOption option = declared.FirstOrDefault(o => o.Name == typing.OptionName)
            ?? throw new InvalidOperationException($"/{command.Name} {typing.SubcommandGroup} {typing.Subcommand} has no option '{typing.OptionName}'.".Replace("  ", " ", StringComparison.Ordinal));
        if (option.Autocomplete is not { } suggest)
        {
            throw new InvalidOperationException($"/{command.Name} option '{option.Name}' has no autocomplete handler.");
        }

        IReadOnlyList<SlashChoice> suggested = await suggest(typing, cancellationToken);
        var sent = new List<SlashChoice>(25);
        foreach (SlashChoice choice in suggested)
        {
            // The bot's check (InteractionRouter), with its message.
            AndyAI.Host.Interactions.SlashCommandValidator.CheckChoice(choice, option.Type, $"/{command.Name} option '{option.Name}'");
            sent.Add(choice);
            if (sent.Count == 25) break;
        }

        return sent;
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
