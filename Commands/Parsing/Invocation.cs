namespace AndyAI.Commands.Parsing;

/// <param name="Kind">What was found.</param>
/// <param name="Command">The command, when <see cref="InvocationKind.Command"/>.</param>
/// <param name="Content">The message content.</param>
/// <param name="NameStart">Where the typed name starts in the content.</param>
/// <param name="ArgumentsStart">Where the name ends and the argument text starts.</param>
internal readonly record struct Invocation(InvocationKind Kind, RegisteredCommand? Command, string Content, int NameStart, int ArgumentsStart)
{
    public static Invocation None => default;

    /// <summary>The name or alias as typed, lower case. Built on demand: matching alone allocates nothing.</summary>
    public string InvokedAs => Content[NameStart..ArgumentsStart].ToLowerInvariant();
}
