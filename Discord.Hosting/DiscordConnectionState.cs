namespace AndyAI.Discord.Hosting;

/// <summary>Where the bot's gateway connection stands.</summary>
public enum DiscordConnectionState
{
    /// <summary>Not started, or stopped.</summary>
    Stopped,

    /// <summary>Connecting, identifying or resuming.</summary>
    Connecting,

    /// <summary>Every shard of this process is ready.</summary>
    Ready,

    /// <summary>A shard lost its connection and is reconnecting.</summary>
    Reconnecting,

    /// <summary>Stopped for good by an error that reconnecting cannot fix (see <see cref="DiscordBotStatus.FatalError"/>).</summary>
    Faulted,
}
