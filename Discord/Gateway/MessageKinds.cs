namespace AndyAI.Discord.Gateway;

/// <summary>Kinds of MESSAGE_CREATE a subscriber wants (same bits as AndyAI.Abstractions' MessageInterest).</summary>
[Flags]
internal enum MessageKinds
{
    None = 0,
    Mentions = 1,
    DirectMessages = 2,
    Prefixed = 4,
    All = 0x7FFF_FFFF,
}
