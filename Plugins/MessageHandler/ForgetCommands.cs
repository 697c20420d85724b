using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Interactions;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// <c>!forget [here|everywhere]</c> and <c>/forget [where]</c>: deletes what the caller asked and was answered, in this
/// channel (the default) or in every channel and DM, so the next question starts a new conversation.
/// </summary>
internal sealed class ForgetCommands(IConversationMemory memory, ILogger logger)
{
    public const string Name = "forget";
    public const string Description = "Forgets your conversation with the bot in this channel, or everywhere.";
    private const string WhereOption = "where";

    public void Register(ICogContext context)
    {
        // InvokedAs is the bare name; the hint shows the command as the user types it, prefix included.
        string prefix = context.Commands.Prefix;
        context.Commands.Add(new CommandDefinition(Name, Description, (command, ct) => ForgetAsync(command, prefix, ct))
        {
            Parameters = [new CommandParameter(WhereOption, CommandParameterType.String, "here (this channel, the default) or everywhere") { IsOptional = true, DefaultValue = "here" }],
        });
        context.Interactions.AddCommand(new SlashCommandDefinition(Name, Description, SlashForgetAsync)
        {
            Options =
            [
                new SlashCommandOption(WhereOption, SlashOptionType.String, "This channel (the default) or everywhere")
                {
                    Choices = [new SlashChoice("this channel", "here"), new SlashChoice("everywhere", "everywhere")],
                },
            ],
        });
    }

    private async ValueTask ForgetAsync(ICommandContext command, string prefix, CancellationToken cancellationToken)
    {
        string where = command.Get<string>(WhereOption).Trim().ToUpperInvariant();
        bool? everywhere = where switch
        {
            "HERE" or "CHANNEL" => false,
            "EVERYWHERE" or "ALL" => true,
            _ => null,
        };
        string reply = everywhere is null
            ? $"Say `{prefix}{command.InvokedAs}` to forget this channel's conversation, or `{prefix}{command.InvokedAs} everywhere` for all of them."
            : await ForgetTextAsync(command.Message.Author.Id, everywhere.Value ? null : command.Message.ChannelId, cancellationToken);
        await command.ReplyAsync(reply, cancellationToken);
    }

    private async ValueTask SlashForgetAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        bool everywhere = string.Equals(interaction.GetOption<string>(WhereOption), "everywhere", StringComparison.Ordinal);
        ulong? channel = everywhere ? null : interaction.ChannelId;
        string reply = !everywhere && channel is null
            ? "I cannot tell which channel this is; use `/forget where:everywhere`."
            : await ForgetTextAsync(interaction.User.Id, channel, cancellationToken);
        await interaction.ReplyAsync(InteractionReply.Private(reply), cancellationToken);
    }

    private async Task<string> ForgetTextAsync(ulong userId, ulong? channelId, CancellationToken cancellationToken)
    {
        try
        {
            int deleted = await memory.ForgetAsync(userId, channelId, cancellationToken);
            Log.Forgot(logger, userId, channelId, deleted);
            return deleted == 0
                ? $"I had nothing of yours to forget {(channelId is null ? "anywhere" : "in this channel")}."
                : $"Done: I forgot {(channelId is null ? "our conversations everywhere" : "our conversation in this channel")} ({deleted} {(deleted == 1 ? "exchange" : "exchanges")}). Your next question starts fresh.";
        }
        catch (StorageUnavailableException ex)
        {
            Log.ForgetFailed(logger, ex, userId);
            return "My memory is unavailable right now, so nothing was deleted. Please try again in a minute.";
        }
    }
}
