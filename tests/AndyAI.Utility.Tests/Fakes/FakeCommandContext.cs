using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Utility.Tests.Fakes;

/// <summary>One invocation; records replies.</summary>
internal sealed class FakeCommandContext : ICommandContext
{
    public DiscordMessage Message { get; } = new()
    {
        Id = 1,
        ChannelId = 2,
        Author = new DiscordUser(3, "someone", IsBot: false),
        Content = "!x",
    };

    public string InvokedAs { get; init; } = "x";

    public bool CallerIsOwner { get; init; }

    public List<string> Replies { get; } = [];

    public T Get<T>(string name) => throw new KeyNotFoundException(name);

    public Task<DiscordMessage> ReplyAsync(string content, CancellationToken cancellationToken = default)
    {
        Replies.Add(content);
        return Task.FromResult(Message with { Content = content });
    }
}
