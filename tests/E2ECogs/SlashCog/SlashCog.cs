using AndyAI.Abstractions;
using AndyAI.Abstractions.Interactions;

namespace SlashCog;

/// <summary>
/// Slash commands for the end-to-end tests: /slash-slow answers after 2.5 s (past the host's auto-defer),
/// /slash-boom throws, /slash-button posts a button whose presses say which build handled them. Two builds of this
/// one assembly (SlashCogV1/V2) say v1 or v2, so a test can tell that a button posted by v1 reaches v2 after a reload.
/// </summary>
public sealed class SlashCog : ICog
{
#if SLASH_V2
    private const string Build = "v2";
#else
    private const string Build = "v1";
#endif
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(2.5);

    private TimeProvider _time = TimeProvider.System;

    public string Name => "Slash";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _time = context.Time;
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-slow", "Answers after 2.5 seconds.", SlowAsync));
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-boom", "Always fails.", (_, _) => throw new InvalidOperationException("boom")));
        context.Interactions.AddCommand(new SlashCommandDefinition("slash-button", "Posts a button.", ButtonAsync));
        context.Interactions.AddComponentHandler("press", PressAsync);
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private async ValueTask SlowAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        await Task.Delay(SlowAnswer, _time, cancellationToken);
        await interaction.ReplyAsync(InteractionReply.Public(Build + ": slow done"), cancellationToken);
    }

    private static async ValueTask ButtonAsync(IInteractionContext interaction, CancellationToken cancellationToken) =>
        await interaction.ReplyAsync(new InteractionReply(Build + ": press the button") { Components = [InteractionComponent.Button("press", "Press")] }, cancellationToken);

    private static async ValueTask PressAsync(IInteractionContext interaction, CancellationToken cancellationToken) =>
        await interaction.ReplyAsync(InteractionReply.Public($"{Build}: pressed {interaction.CustomId}"), cancellationToken);
}
