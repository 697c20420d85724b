namespace AndyAI.Emulator;

/// <summary>Which call answered an interaction.</summary>
public enum EmulatorInteractionResponseKind
{
    /// <summary><c>POST /interactions/{id}/{token}/callback</c>.</summary>
    Callback,
    /// <summary><c>PATCH /webhooks/{app}/{token}/messages/@original</c>.</summary>
    EditOriginal,
    /// <summary><c>DELETE /webhooks/{app}/{token}/messages/@original</c>.</summary>
    DeleteOriginal,
    /// <summary><c>POST /webhooks/{app}/{token}</c>.</summary>
    Followup,
    /// <summary><c>PATCH /webhooks/{app}/{token}/messages/{id}</c>.</summary>
    EditFollowup,
    /// <summary><c>DELETE /webhooks/{app}/{token}/messages/{id}</c>.</summary>
    DeleteFollowup,
}
