namespace AndyAI.Emulator;

/// <summary>Direction of a recorded gateway frame.</summary>
public enum FrameDirection
{
    /// <summary>Emulator to client.</summary>
    Sent,
    /// <summary>Client to emulator.</summary>
    Received,
}
