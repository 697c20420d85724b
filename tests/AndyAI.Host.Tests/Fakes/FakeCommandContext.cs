using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Host.Tests.Fakes;

internal sealed class FakeCommandContext(Dictionary<string, object?> arguments) : ICommandContext
{
    public List<string> Replies { get; } = [];

    public DiscordMessage Message { get; } = TestMessages.Mention("!reload");

    public string InvokedAs => "reload";

    public bool CallerIsOwner => true;

    public T Get<T>(string name) => (T)arguments[name]!;

    public Task<DiscordMessage> ReplyAsync(string content, CancellationToken cancellationToken = default)
    {
        Replies.Add(content);
        return Task.FromResult(Message with { Content = content });
    }
}
