using AndyAI.Abstractions.Interactions;

namespace AndyAI.Host.Interactions;

/// <summary>
/// One registration in the <see cref="InteractionTable"/>: a slash command (by name) or a component/modal handler
/// (by custom id prefix within its owner's namespace). Compared by reference, so a reload's new routes never
/// remove the old instance's, nor the other way round.
/// </summary>
internal sealed class InteractionRoute
{
    private InteractionRoute(InteractionRouteKind kind, string owner, string key, Func<IInteractionContext, CancellationToken, ValueTask> handler, SlashCommandDefinition? command, Action<Exception>? onError)
    {
        Kind = kind;
        Owner = owner;
        Key = key;
        Handler = handler;
        Command = command;
        OnError = onError;
    }

    public InteractionRouteKind Kind { get; }

    /// <summary>The cog's name, or <c>Host</c>.</summary>
    public string Owner { get; }

    /// <summary>The command's name, or the custom id prefix.</summary>
    public string Key { get; }

    public Func<IInteractionContext, CancellationToken, ValueTask> Handler { get; }

    /// <summary>The command's definition (commands only).</summary>
    public SlashCommandDefinition? Command { get; }

    /// <summary>Told about a handler's exception (the cog's error count and log), or <see langword="null"/>.</summary>
    public Action<Exception>? OnError { get; }

    public static InteractionRoute ForCommand(string owner, SlashCommandDefinition command, Action<Exception>? onError = null) =>
        new(InteractionRouteKind.Command, owner, command.Name, command.Handler, command, onError);

    public static InteractionRoute ForHandler(InteractionRouteKind kind, string owner, string prefix, Func<IInteractionContext, CancellationToken, ValueTask> handler, Action<Exception>? onError = null) =>
        new(kind, owner, prefix, handler, null, onError);
}
