using System.Globalization;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using Humanizer;
using Microsoft.Extensions.Logging;

namespace AndyAI.Samples.Relay;

/// <summary>
/// The sample of a cog with a private NuGet dependency (Humanizer 2.x, which the host does not have and Reminders
/// has in 3.x) and settings from plugins.json: what people write in a route's <c>from</c> channel is posted in its
/// <c>to</c> channel, cut to <c>maxLength</c>. Bots' and webhooks' messages are never relayed, so two routes in
/// opposite directions do not loop, and relayed text never pings anyone (the host sends every message with empty
/// <c>allowed_mentions</c>). <c>!relays</c> lists the routes and what went through them.
/// </summary>
/// <remarks>
/// It subscribes to <see cref="MessageInterest.All"/>, so the client parses every message the bot sees for it; a cog
/// that needs only mentions, DMs or commands should ask for those, which the client filters before parsing.
/// </remarks>
public sealed class RelayCog : ICog
{
    private ILookup<ulong, RelayRoute> _routes = Array.Empty<RelayRoute>().ToLookup(r => r.From);
    private RelaySettings _settings = new();
    private IDiscordBot _discord = null!;
    private ILogger _logger = null!;
    private TimeProvider _time = TimeProvider.System;
    private DateTimeOffset _started;
    private long _relayed;

    /// <inheritdoc />
    public string Name => "Relay";

    /// <summary>How many messages this instance relayed.</summary>
    internal long Relayed => Interlocked.Read(ref _relayed);

    /// <inheritdoc />
    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _settings = RelaySettings.Read(context.Settings);
        _routes = _settings.Routes.ToLookup(r => r.From);
        _discord = context.Discord;
        _logger = context.Logger;
        _time = context.Time;
        _started = _time.GetUtcNow();

        if (_settings.Routes.Count > 0)
        {
            context.Discord.SubscribeMessages(MessageInterest.All, RelayAsync);
        }

        context.Commands.Add(new CommandDefinition("relays", "Lists the channels this bot relays between.", ListAsync));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>What is posted in the target channel for <paramref name="message"/>.</summary>
    internal string Format(DiscordMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"**{message.Author.Username}** in <#{message.ChannelId}>: ")
        + message.Content.Truncate(_settings.MaxLength, "…", Truncator.FixedLength);

    /// <summary>The reply to <c>!relays</c>.</summary>
    internal string Describe()
    {
        if (_settings.Routes.Count == 0)
        {
            return "No relays are configured (Relay's `routes` in plugins.json).";
        }

        IEnumerable<string> routes = _settings.Routes.Select(r => string.Create(CultureInfo.InvariantCulture, $"<#{r.From}> → <#{r.To}>"));
        return $"Relaying {"route".ToQuantity(_settings.Routes.Count)}: {string.Join(", ", routes)}. "
            + string.Create(CultureInfo.InvariantCulture, $"{"message".ToQuantity((int)Math.Min(Relayed, int.MaxValue))} relayed since <t:{_started.ToUnixTimeSeconds()}:R>.");
    }

    private async ValueTask RelayAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        if (message.Author.IsBot || message.IsWebhook || string.IsNullOrWhiteSpace(message.Content) || !_routes.Contains(message.ChannelId))
        {
            return;
        }

        string text = Format(message);
        foreach (RelayRoute route in _routes[message.ChannelId])
        {
            try
            {
                await _discord.SendMessageAsync(route.To, new OutgoingMessage(text), cancellationToken);
                Interlocked.Increment(ref _relayed);
            }
            catch (DiscordApiException ex)
            {
                RelayLog.NotRelayed(_logger, ex, message.Id, route.From, route.To);
            }
        }
    }

    private async ValueTask ListAsync(ICommandContext command, CancellationToken cancellationToken) =>
        await command.ReplyAsync(Describe(), cancellationToken);
}
