using AndyAI.Abstractions.Discord;

namespace AndyAI.Abstractions.Commands;

/// <summary>One invocation of a command.</summary>
public interface ICommandContext
{
    /// <summary>The message that invoked the command.</summary>
    DiscordMessage Message { get; }

    /// <summary>The name or alias the user typed, lower-cased and without the prefix (<c>"roll"</c> for <c>!Roll 20</c>).</summary>
    string InvokedAs { get; }

    /// <summary>Whether the caller is one of the bot's owners.</summary>
    bool CallerIsOwner { get; }

    /// <summary>The parsed value of an argument (see <see cref="CommandParameterType"/> for the CLR types).</summary>
    /// <exception cref="KeyNotFoundException">The command has no parameter of that name.</exception>
    /// <exception cref="InvalidCastException">The parameter's value is not a <typeparamref name="T"/>.</exception>
    T Get<T>(string name);

    /// <summary>Replies in the invoking channel, referencing the invoking message. Mentions never ping.</summary>
    Task<DiscordMessage> ReplyAsync(string content, CancellationToken cancellationToken = default);
}
