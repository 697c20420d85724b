namespace AndyAI.Emulator;

/// <summary>One POST of an interaction to the Interactions Endpoint URL.</summary>
/// <param name="InteractionId">The interaction delivered.</param>
/// <param name="StatusCode">What the endpoint answered (0 when it could not be reached).</param>
/// <param name="Body">The answer's body (or the connection error).</param>
public sealed record EmulatorInteractionDelivery(ulong InteractionId, int StatusCode, string Body);
