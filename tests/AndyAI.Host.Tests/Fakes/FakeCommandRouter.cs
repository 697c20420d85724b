using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>Live commands by name, each owned by one scope; plays the command framework for the tests.</summary>
internal sealed class FakeCommandRouter
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, (FakeCogContextScope Owner, CommandDefinition Command)> _live = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> LiveCommands
    {
        get
        {
            lock (_sync) return [.. _live.Keys];
        }
    }

    public void Replace(FakeCogContextScope owner, IEnumerable<CommandDefinition> commands)
    {
        lock (_sync)
        {
            foreach (string name in _live.Where(p => p.Value.Owner.CogName == owner.CogName).Select(p => p.Key).ToList()) _live.Remove(name);
            foreach (CommandDefinition command in commands) _live[command.Name] = (owner, command);
        }
    }

    public void RemoveOwner(FakeCogContextScope owner)
    {
        lock (_sync)
        {
            foreach (string name in _live.Where(p => ReferenceEquals(p.Value.Owner, owner)).Select(p => p.Key).ToList()) _live.Remove(name);
        }
    }

    /// <summary>Runs a command and returns its reply; null when no cog owns it; "error" when its handler threw (counted on the owner).</summary>
    public async Task<string?> InvokeAsync(string name)
    {
        FakeCogContextScope owner;
        CommandDefinition command;
        lock (_sync)
        {
            if (!_live.TryGetValue(name, out var entry)) return null;
            (owner, command) = entry;
        }

        var context = new FakeCommandContext(name);
        try
        {
            await command.Handler(context, CancellationToken.None);
        }
        catch (Exception e)
        {
            owner.RecordError(e);
            return "error";
        }

        return context.Reply;
    }

    private sealed class FakeCommandContext(string invokedAs) : ICommandContext
    {
        public string? Reply { get; private set; }

        public DiscordMessage Message { get; } = new()
        {
            Id = 1,
            ChannelId = 2,
            Author = new DiscordUser(3, "tester", IsBot: false),
            Content = "!" + invokedAs,
        };

        public string InvokedAs => invokedAs;

        public bool CallerIsOwner => true;

        public T Get<T>(string name) => throw new KeyNotFoundException(name);

        public Task<DiscordMessage> ReplyAsync(string content, CancellationToken cancellationToken = default)
        {
            Reply = content;
            return Task.FromResult(Message with { Id = 4, Content = content });
        }
    }
}
