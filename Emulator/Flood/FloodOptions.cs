using System.ComponentModel.DataAnnotations;

namespace AndyAI.Emulator;

/// <summary>What <see cref="DiscordEmulator.FloodAsync"/> sends.</summary>
public sealed class FloodOptions
{
    /// <value>MESSAGE_CREATE frames to send. Defaults to 50,000.</value>
    [Range(1, int.MaxValue)]
    public int Count { get; set; } = 50_000;

    /// <value>One message in this many mentions the bot (<c>&lt;@bot&gt;</c>, listed in <c>mentions</c>); 0 = none. Defaults to 1000.</value>
    [Range(0, int.MaxValue)]
    public int MentionEvery { get; set; } = 1000;

    /// <value>Distinct synthetic authors, used round-robin. Defaults to 1000.</value>
    [Range(1, 1_000_000)]
    public int AuthorCount { get; set; } = 1000;

    /// <value>Channel to flood; null = the default channel.</value>
    public ulong? ChannelId { get; set; }

    /// <value>Content of each message (mentions get <c>&lt;@bot&gt; </c> in front). Defaults to "flood message".</value>
    [Required, StringLength(1900, MinimumLength = 1)]
    public string Content { get; set; } = "flood message";
}
