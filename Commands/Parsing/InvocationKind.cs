namespace AndyAI.Commands.Parsing;

internal enum InvocationKind : byte
{
    /// <summary>Not for the command framework: ordinary chat, or a mention that is a question.</summary>
    None,

    /// <summary>A known command, by prefix or by mention.</summary>
    Command,

    /// <summary>The bot was mentioned and then the prefix and an unknown name (<c>@bot !nope</c>): worth a hint.</summary>
    UnknownAfterMention,
}
