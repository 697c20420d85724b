using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Testing;

/// <summary>
/// One invocation of a command, for calling a handler from <see cref="FakeCommandRegistry"/> directly: its parsed
/// arguments by parameter name, who called it, and the replies it sent.
/// </summary>
public sealed class FakeCommandContext : ICommandContext
{
    private readonly IReadOnlyDictionary<string, object?> _arguments;

    /// <param name="arguments">The parsed arguments by parameter name, as the framework would pass them.</param>
    public FakeCommandContext(IReadOnlyDictionary<string, object?>? arguments = null)
    {
        _arguments = arguments ?? new Dictionary<string, object?>();
    }

    /// <inheritdoc />
    public DiscordMessage Message { get; init; } = new()
    {
        Id = 1,
        ChannelId = 2,
        Author = new DiscordUser(3, "someone", IsBot: false),
        Content = "!x",
    };

    /// <inheritdoc />
    public string InvokedAs { get; init; } = "x";

    /// <inheritdoc />
    public bool CallerIsOwner { get; init; }

    /// <summary>Every reply the handler sent, in order.</summary>
    public List<string> Replies { get; } = [];

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No argument called <paramref name="name"/> was given.</exception>
    public T Get<T>(string name) => (T)_arguments[name]!;

    /// <inheritdoc />
    public Task<DiscordMessage> ReplyAsync(string content, CancellationToken cancellationToken = default)
    {
        Replies.Add(content);
        return Task.FromResult(Message with { Content = content });
    }
}
