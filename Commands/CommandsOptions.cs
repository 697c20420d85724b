using System.Globalization;

namespace AndyAI.Commands;

/// <summary>Settings of the command framework, bound from the <c>Commands</c> configuration section.</summary>
public sealed class CommandsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Commands";

    /// <summary>The text commands start with.</summary>
    /// <value>1 to 16 characters, no whitespace, not starting with <c>&lt;</c> (that starts a mention). Defaults to <c>!</c>.</value>
    public string Prefix { get; set; } = "!";

    /// <summary>
    /// Users who are owners in addition to the application's owner or team, comma separated
    /// (environment variable <c>ADMIN_USER_IDS</c>).
    /// </summary>
    /// <value>Snowflakes separated by commas; blanks around them are ignored. Defaults to empty.</value>
    public string AdminUserIds { get; set; } = "";

    /// <summary>
    /// Whether a mention of the bot followed by the prefix and an unknown name (<c>@bot !nope</c>) gets a short hint.
    /// A mention followed by anything else is never a command: it is left to the cogs that answer mentions.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool HintUnknownCommandOnMention { get; set; } = true;

    /// <summary>How many commands may run at once; further invocations wait for a slot.</summary>
    /// <value>1 to 1024. Defaults to 32.</value>
    public int MaxConcurrentCommands { get; set; } = 32;

    /// <summary>
    /// How long one command may run. Past it the command's token is cancelled, the user is told, and its slot is freed
    /// even if the handler is stuck (a handler that blocks its thread could otherwise take every slot, and with them
    /// the owners' <c>!reload</c>).
    /// </summary>
    /// <value>1 second to 1 hour. Defaults to 5 minutes.</value>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Parses <see cref="AdminUserIds"/>.</summary>
    /// <exception cref="FormatException">An entry is not a snowflake.</exception>
    public IReadOnlySet<ulong> ParseAdminUserIds()
    {
        var ids = new HashSet<ulong>();
        foreach (string part in (AdminUserIds ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) || id == 0)
            {
                throw new FormatException($"Commands:AdminUserIds: '{part}' is not a Discord user id (a positive whole number).");
            }

            ids.Add(id);
        }

        return ids;
    }
}
