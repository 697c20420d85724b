using System.Globalization;
using System.Text.Json;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.Settings;
using AndyAI.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// <c>/mydata export</c> sends the caller everything the bot stores about them (their conversation turns, in every
/// channel and DM, their own settings and their token usage) as a JSON file; <c>/mydata delete</c> deletes it at once. Both answer privately. docs/privacy.md.
/// </summary>
/// <param name="forgetAnswerStates">Deletes the questions and answers the caller's <c>/ask</c> buttons keep.</param>
internal sealed class MyDataCommands(
    IConversationMemory memory, IBotSettings settings, Func<ulong, CancellationToken, Task<int>> forgetAnswerStates, TimeProvider time, ILogger logger)
{
    public const string Name = "mydata";
    public const string FileName = "andyai-mydata.json";

    public void Register(ICogContext context) =>
        context.Interactions.AddCommand(new SlashCommandDefinition(Name, "Your data stored by the bot: get a copy, or delete it.", HandleAsync)
        {
            Subcommands =
            [
                new SlashSubcommand("export", "Sends you everything the bot stores about you, as a JSON file (only you see it)."),
                new SlashSubcommand("delete", "Deletes everything the bot stores about you, at once."),
            ],
        });

    private async ValueTask HandleAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        InteractionReply reply;
        try
        {
            reply = interaction.Subcommand == "delete"
                ? await DeleteAsync(interaction.User.Id, cancellationToken)
                : await ExportAsync(interaction.User.Id, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            Log.MyDataFailed(logger, ex, interaction.User.Id);
            reply = InteractionReply.Private("My memory is unavailable right now, so I could not do that. Please try again in a minute.");
        }

        await interaction.ReplyAsync(reply, cancellationToken);
    }

    private async Task<InteractionReply> ExportAsync(ulong userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConversationTurn> turns = await memory.ExportAsync(userId, cancellationToken);
        UserAccountData account = await settings.ExportAsync(userId, cancellationToken);
        var export = new MyDataExport(
            Id(userId),
            time.GetUtcNow(),
            [.. turns.Select(t => new ExportedTurn(
                t.GuildId is { } guild ? Id(guild) : null, Id(t.ChannelId), Id(t.QuestionMessageId), t.Timestamp,
                t.UserText, t.AnswerText, t.Model, t.PromptTokens, t.CompletionTokens))],
            new ExportedSettings(account.Settings.Model, account.Settings.Language, account.Settings.PersonaLine),
            [.. account.Usage.Select(u => new ExportedUsage(u.Day, u.GuildId is { } guild ? Id(guild) : null, u.Model, u.Requests, u.PromptTokens, u.CompletionTokens))]);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(export, MyDataJsonContext.Export);
        Log.MyDataExported(logger, userId, turns.Count);
        // Settings and usage are stored data too: "I store nothing" beside a file holding a language would be untrue.
        var stored = new List<string>(3);
        if (turns.Count > 0)
        {
            stored.Add(string.Create(CultureInfo.InvariantCulture, $"{turns.Count} {(turns.Count == 1 ? "exchange" : "exchanges")}"));
        }

        if (export.Settings != new ExportedSettings(null, null, null))
        {
            stored.Add("your settings");
        }

        if (account.Usage.Count > 0)
        {
            stored.Add("your token usage");
        }

        string text = stored.Count == 0
            ? "I store nothing about you; the file shows it."
            : $"Everything I store about you: {string.Join(", ", stored)}. `/mydata delete` deletes it.";
        return InteractionReply.Private(text) with { Files = [new InteractionFile(FileName, json)] };
    }

    private async Task<InteractionReply> DeleteAsync(ulong userId, CancellationToken cancellationToken)
    {
        int deleted = await memory.ForgetAsync(userId, null, cancellationToken);
        await settings.DeleteAsync(userId, cancellationToken);
        // A private /ask is never a turn, but its buttons keep its question and answer for hours: delete means those too.
        await forgetAnswerStates(userId, cancellationToken);
        Log.MyDataDeleted(logger, userId, deleted);
        return InteractionReply.Private(string.Create(CultureInfo.InvariantCulture,
            $"Deleted {deleted} {(deleted == 1 ? "exchange" : "exchanges")}. I store nothing about you now."));
    }

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
