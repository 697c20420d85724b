using System.Globalization;
using System.Security.Cryptography;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Storage;
using Humanizer;

namespace AndyAI.Samples.Reminders;

/// <summary>
/// The sample of a cog with state and a background loop: <c>/remind in:1h30m what:stretch</c> (or
/// <c>!remind 1h30m stretch</c>) stores a reminder in the cog's storage, and a loop posts it when it is due, pinging
/// only its owner. Reminders survive reloads and restarts (they live in the host's database, not in the cog), are
/// posted once even while a reload runs two instances side by side, and the loop stops on unload so the cog unloads
/// cleanly. <c>/reminders list|cancel</c>, <c>!reminders</c> and <c>!unremind &lt;id&gt;</c> show and cancel them.
/// </summary>
public sealed class RemindersCog : ICog, IAsyncDisposable
{
    internal const int MaxTextLength = 500;

    private const string IdAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    private ReminderBook _book = null!;
    private ReminderLoop? _loop;
    private TimeProvider _time = TimeProvider.System;

    /// <inheritdoc />
    public string Name => "Reminders";

    /// <inheritdoc />
    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _time = context.Time;
        _book = new ReminderBook(context.Storage, context.Time);
        _loop = new ReminderLoop(_book, context.Discord, context.Time, context.Logger);

        SlashCommandOption idOption = new("id", SlashOptionType.String, "The reminder's id (from /reminders list)")
        {
            Required = true,
            Autocomplete = SuggestMineAsync,
        };
        context.Interactions.AddCommand(new SlashCommandDefinition("remind", "Reminds you of something later.", RemindSlashAsync)
        {
            Options =
            [
                new SlashCommandOption("in", SlashOptionType.String, "How long from now: 90s, 10m, 1h30m, 2d, 1w") { Required = true, MaxLength = 32 },
                new SlashCommandOption("what", SlashOptionType.String, "What to remind you of") { Required = true, MaxLength = MaxTextLength },
            ],
        });
        context.Interactions.AddCommand(new SlashCommandDefinition("reminders", "Your pending reminders.", RemindersSlashAsync)
        {
            Subcommands =
            [
                new SlashSubcommand("list", "Lists your pending reminders."),
                new SlashSubcommand("cancel", "Cancels one of your reminders.") { Options = [idOption] },
            ],
        });
        context.Commands.Add(new CommandDefinition("remind", "Reminds you later: !remind 1h30m stretch your legs.", RemindPrefixAsync)
        {
            Parameters =
            [
                new CommandParameter("in", CommandParameterType.String, "How long from now: 90s, 10m, 1h30m, 2d, 1w"),
                new CommandParameter("what", CommandParameterType.Remainder, "What to remind you of"),
            ],
        });
        context.Commands.Add(new CommandDefinition("reminders", "Lists your pending reminders.", ListPrefixAsync));
        context.Commands.Add(new CommandDefinition("unremind", "Cancels one of your reminders: !unremind <id>.", CancelPrefixAsync)
        {
            Parameters = [new CommandParameter("id", CommandParameterType.String, "The reminder's id (from !reminders)")],
        });

        _loop.Start(context.Unloading);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is { } loop)
        {
            await loop.StopAsync(cancellationToken);
            await loop.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _loop?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Sets a reminder; returns the reply for its owner.</summary>
    internal async ValueTask<string> RemindAsync(ulong userId, ulong? channelId, ulong messageId, string? delayText, string? text, CancellationToken cancellationToken)
    {
        if (channelId is not ulong channel)
        {
            return "I can only post reminders in a channel.";
        }

        if (!ReminderDelay.TryParse(delayText, out TimeSpan delay, out string problem))
        {
            return problem;
        }

        text = text?.Trim() ?? "";
        if (text.Length is 0 or > MaxTextLength)
        {
            return $"Tell me what to remind you of, in 1 to {MaxTextLength} characters.";
        }

        DateTimeOffset now = _time.GetUtcNow();
        var reminder = new Reminder(RandomNumberGenerator.GetString(IdAlphabet, 6), userId, channel, messageId, text, now, now + delay);
        try
        {
            if (!await _book.TryAddAsync(reminder, cancellationToken))
            {
                return $"You already have {ReminderBook.MaxPerUser} reminders pending; cancel one first.";
            }
        }
        catch (StorageUnavailableException)
        {
            return "I cannot store reminders right now (the database is unavailable); please try again in a minute.";
        }

        _loop?.Nudge();
        return string.Create(CultureInfo.InvariantCulture,
            $"⏰ I'll remind you in {delay.Humanize(2)} (<t:{reminder.DueAt.ToUnixTimeSeconds()}:f>). Cancel with `!unremind {reminder.Id}`.");
    }

    /// <summary>A user's pending reminders, as a reply.</summary>
    internal async ValueTask<string> ListAsync(ulong userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Reminder> mine;
        try
        {
            mine = await _book.ListAsync(userId, cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            return "I cannot read reminders right now (the database is unavailable); please try again in a minute.";
        }

        if (mine.Count == 0)
        {
            return "You have no pending reminders.";
        }

        IEnumerable<string> lines = mine.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"`{r.Id}` <t:{r.DueAt.ToUnixTimeSeconds()}:R> in <#{r.ChannelId}>: {Shorten(r.Text, 80)}"));
        return $"Your reminders ({mine.Count}):\n" + string.Join('\n', lines);
    }

    /// <summary>Cancels one of a user's reminders, as a reply.</summary>
    internal async ValueTask<string> CancelAsync(ulong userId, string? id, CancellationToken cancellationToken)
    {
        try
        {
            return await _book.CancelAsync(userId, id ?? "", cancellationToken)
                ? $"Cancelled reminder `{id!.Trim().ToLowerInvariant()}`."
                : $"You have no pending reminder `{Shorten(id ?? "", 12)}`; `!reminders` lists yours.";
        }
        catch (StorageUnavailableException)
        {
            return "I cannot cancel reminders right now (the database is unavailable); please try again in a minute.";
        }
    }

    private async ValueTask RemindSlashAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        string reply = await RemindAsync(interaction.User.Id, interaction.ChannelId, 0, interaction.GetOption<string>("in"), interaction.GetOption<string>("what"), cancellationToken);
        // The confirmation is public (everyone sees what the reminder will be about); a refusal only to the asker.
        await interaction.ReplyAsync(reply.StartsWith('⏰') ? InteractionReply.Public(reply) : InteractionReply.Private(reply), cancellationToken);
    }

    private async ValueTask RemindersSlashAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        string reply = interaction.Subcommand == "cancel"
            ? await CancelAsync(interaction.User.Id, interaction.GetOption<string>("id"), cancellationToken)
            : await ListAsync(interaction.User.Id, cancellationToken);
        await interaction.ReplyAsync(InteractionReply.Private(reply), cancellationToken);
    }

    private async ValueTask<IReadOnlyList<SlashChoice>> SuggestMineAsync(IAutocompleteContext typing, CancellationToken cancellationToken)
    {
        IReadOnlyList<Reminder> mine;
        try
        {
            mine = await _book.ListAsync(typing.User.Id, cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            return [];
        }

        return [.. mine
            .Where(r => r.Id.StartsWith(typing.Text.Trim(), StringComparison.OrdinalIgnoreCase) || r.Text.Contains(typing.Text.Trim(), StringComparison.OrdinalIgnoreCase))
            .Take(25)
            .Select(r => new SlashChoice(Shorten($"{r.Id} · {(r.DueAt - _time.GetUtcNow()).Humanize(1)} · {r.Text}", 100), r.Id))];
    }

    private async ValueTask RemindPrefixAsync(ICommandContext command, CancellationToken cancellationToken) =>
        await command.ReplyAsync(await RemindAsync(command.Message.Author.Id, command.Message.ChannelId, command.Message.Id,
            command.Get<string>("in"), command.Get<string>("what"), cancellationToken), cancellationToken);

    private async ValueTask ListPrefixAsync(ICommandContext command, CancellationToken cancellationToken) =>
        await command.ReplyAsync(await ListAsync(command.Message.Author.Id, cancellationToken), cancellationToken);

    private async ValueTask CancelPrefixAsync(ICommandContext command, CancellationToken cancellationToken) =>
        await command.ReplyAsync(await CancelAsync(command.Message.Author.Id, command.Get<string>("id"), cancellationToken), cancellationToken);

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
