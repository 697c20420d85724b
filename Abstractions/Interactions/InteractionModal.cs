namespace AndyAI.Abstractions.Interactions;

/// <summary>A pop-up form of text inputs; its submission goes to the modal handler of <see cref="CustomId"/>.</summary>
/// <param name="CustomId">The id the cog's modal handler sees (the host namespaces it per cog).</param>
/// <param name="Title">1–45 characters.</param>
/// <param name="Inputs">1–5 text inputs.</param>
public sealed record InteractionModal(string CustomId, string Title, IReadOnlyList<ModalTextInput> Inputs);
