using AndyAI.Abstractions.Discord;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>The typing indicator of one answer: started once, stopped once (when the answer is out, or on error).</summary>
internal sealed class TypingScope(IDiscordBot discord, ulong channelId) : IAsyncDisposable
{
    private IAsyncDisposable? _handle;

    public void Start() => _handle ??= discord.BeginTyping(channelId);

    public ValueTask DisposeAsync()
    {
        IAsyncDisposable? handle = _handle;
        _handle = null;
        return handle?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
