namespace AndyAI.Host.Sandbox;

/// <summary>Who a line is sent as: the application owner (the default) or one of the sandbox's ordinary members.</summary>
internal enum SandboxUser
{
    Owner,
    Alice,
    Bob,
}
