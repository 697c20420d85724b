using System.ComponentModel.DataAnnotations;

namespace AndyAI.Host.Interactions;

/// <summary>Slash commands and components (section <c>Interactions</c>).</summary>
internal sealed class InteractionsOptions
{
    public const string SectionName = "Interactions";

    /// <value>
    /// Guilds to register the commands in (instant, for development); empty registers them globally (production;
    /// Discord may take a while to show changes). Defaults to empty.
    /// </value>
    public IList<ulong> GuildIds { get; } = [];

    /// <value>
    /// How long a handler may take before the host defers for it (Discord allows 3 seconds for the first answer).
    /// Defaults to 2 seconds.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:02.500")]
    public TimeSpan AutoDeferAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <value>
    /// How long the host waits for a handler before it gives up on it, tells the user privately and frees what the
    /// interaction held (a handler that never returns). Under Discord's 15 minutes, after which the interaction can no
    /// longer be answered. Defaults to 10 minutes.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:01", "00:14:00")]
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <value>
    /// The application's public key (64 hex digits, from the Developer Portal's General Information), which turns on
    /// <c>POST /interactions</c> on the HTTP listener for Discord's Interactions Endpoint URL: requests must carry
    /// Discord's Ed25519 signature over it. Defaults to <see langword="null"/>: interactions come over the gateway only.
    /// </value>
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "Interactions:PublicKey must be the application's public key: 64 hex digits.")]
    public string? PublicKey { get; set; }

    /// <value>How long the sync waits after a change for more (a reload of every cog is one sync). Defaults to 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan SyncDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <value>The longest wait between two attempts of a failing sync (1, 2, 4… s up to this). Defaults to 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SyncMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
