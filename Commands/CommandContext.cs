using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Commands;

/// <summary>One invocation: the message, the parsed arguments and a reply channel back to the invoker.</summary>
internal sealed class CommandContext(
    DiscordMessage message,
    string invokedAs,
    bool callerIsOwner,
    RegisteredCommand command,
    object?[] values,
    IDiscordBot bot) : ICommandContext
{
    public DiscordMessage Message { get; } = message;

    public string InvokedAs { get; } = invokedAs;

    public bool CallerIsOwner { get; } = callerIsOwner;

    public T Get<T>(string name)
    {
        IReadOnlyList<CommandParameter> parameters = command.Definition.Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (!string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                continue;
            }

            object? value = values[i];
            if (value is T typed)
            {
                return typed;
            }

            if (value is null && default(T) is null)
            {
                return default!;
            }

            throw new InvalidCastException(
                $"Parameter '{name}' of command '{command.Name}' is a {parameters[i].Type} argument and holds a "
                + $"{CommandDefinitionValidator.ClrType(parameters[i].Type).Name}; Get<{typeof(T).Name}> cannot return it.");
        }

        throw new KeyNotFoundException($"Command '{command.Name}' has no parameter named '{name}'.");
    }

    public async Task<DiscordMessage> ReplyAsync(string content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        DiscordMessage? first = null;
        foreach (string chunk in MessageChunker.Split(content))
        {
            // Only the first part references the invocation; the rest follow it in the channel.
            var outgoing = new OutgoingMessage(chunk) { ReplyToMessageId = first is null ? Message.Id : null, MentionRepliedUser = false };
            DiscordMessage sent = await bot.SendMessageAsync(Message.ChannelId, outgoing, cancellationToken);
            first ??= sent;
        }

        return first!;
    }
}
