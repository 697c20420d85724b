using System.Threading.Channels;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Hosting;
using AndyAI.Discord.Interactions;
using AndyAI.Emulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Discord.Tests.Hosting;

/// <summary>
/// Our DiscordBot against the emulator: a simulated user's slash command, button or modal reaches the bot's
/// interaction subscription and the bot's answer is judged and recorded by the emulator. Real sockets and clock;
/// timeouts are hang guards only.
/// </summary>
[NonParallelizable]
public class InteractionEndToEndTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private DiscordEmulator _emulator = null!;
    private DiscordBot _bot = null!;
    private readonly Channel<DiscordInteraction> _received = Channel.CreateUnbounded<DiscordInteraction>();
    private Func<DiscordInteraction, Task> _answer = _ => Task.CompletedTask;

    private sealed class MaskingFilter : IOutgoingContentFilter
    {
        public string Apply(string content) => content.Replace("hunter2", "[secret]", StringComparison.Ordinal);
    }

    [SetUp]
    public async Task SetUp()
    {
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(500) });
        var options = new DiscordClientOptions { Token = _emulator.BotToken, ApiBaseUrl = _emulator.RestBaseUrl };
        _bot = new DiscordBot(options, new SocketsHttpHandler(), new WebSocketGatewayConnectionFactory(TimeProvider.System), TimeProvider.System,
            NullLoggerFactory.Instance, new MaskingFilter());
        _bot.SubscribeInteractions(async (interaction, ct) =>
        {
            await _received.Writer.WriteAsync(interaction, ct);
            await _answer(interaction);
        });
        await _bot.StartAsync();
        await _bot.WaitUntilReadyAsync().WaitAsync(Guard);
        await _bot.BulkOverwriteApplicationCommandsAsync(
        [
            new ApplicationCommand
            {
                Name = "ask",
                Description = "Ask the bot",
                Options = [new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = "prompt", Description = "What to ask", Required = true }],
            },
        ], _emulator.DefaultGuildId).WaitAsync(Guard);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bot.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task SlashCommand_BotAnswersThroughTheCallback_EmulatorRecordsTheMessage()
    {
        _answer = i => _bot.RespondToInteractionAsync(i, InteractionResponse.ChannelMessage(new InteractionMessage
        {
            Content = $"You asked '{i.GetOption("prompt")!.Value}', password hunter2, <@{_emulator.BobUserId}>",
            Components = [MessageComponent.ActionRow(MessageComponent.Button("again", "Again"))],
        }));

        EmulatorInteraction invoked = await _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask", new EmulatorCommandOption("prompt", "why?"));
        DiscordInteraction received = await _received.Reader.ReadAsync().AsTask().WaitAsync(Guard);
        EmulatorInteractionResponse answer = await _emulator.WaitForInteractionResponseAsync(r => r.InteractionId == invoked.Id, Guard);
        EmulatorMessage message = _emulator.FindMessage(answer.MessageId!.Value)!;

        Assert.That(received.Id, Is.EqualTo(invoked.Id));
        Assert.That(received.Token, Is.EqualTo(invoked.Token));
        Assert.That(received.CommandName, Is.EqualTo("ask"));
        Assert.That(received.User.Id, Is.EqualTo(_emulator.AliceUserId));
        Assert.That(received.GuildId, Is.EqualTo(_emulator.DefaultGuildId));
        Assert.That(answer.Type, Is.EqualTo(4));
        Assert.That(answer.StatusCode, Is.EqualTo(204));
        Assert.That(message.Content, Is.EqualTo($"You asked 'why?', password [secret], <@{_emulator.BobUserId}>"), "the host's content filter applies");
        Assert.That(message.MentionedUserIds, Is.Empty, "answers never ping");
        Assert.That(message.AllowedMentions!.Parse, Is.Empty);
        Assert.That(message.ComponentCustomIds, Is.EqualTo(new[] { "again" }));
        Assert.That(_emulator.GetChannelMessages(_emulator.DefaultChannelId).Select(m => m.Id), Does.Contain(message.Id));
        Assert.That(_bot.GetStatus().InteractionsReceived, Is.EqualTo(1));
    }

    [Test]
    public async Task Deferred_ThenEditAndEphemeralFollowup_AllRecorded()
    {
        _answer = i => _bot.RespondToInteractionAsync(i, InteractionResponse.DeferChannelMessage());

        EmulatorInteraction invoked = await _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask", new EmulatorCommandOption("prompt", "long one"));
        DiscordInteraction received = await _received.Reader.ReadAsync().AsTask().WaitAsync(Guard);
        await _emulator.WaitForInteractionResponseAsync(r => r.InteractionId == invoked.Id && r.Type == 5, Guard);
        DiscordMessage edited = await _bot.EditOriginalResponseAsync(received, new InteractionMessage { Content = "the answer" });
        DiscordMessage? original = await _bot.GetOriginalResponseAsync(received);
        DiscordMessage followup = await _bot.SendFollowupAsync(received, new InteractionMessage { Content = "only you: hunter2", IsEphemeral = true });
        await _bot.DeleteFollowupAsync(received, followup.Id);

        Assert.That(edited.Id, Is.EqualTo(invoked.OriginalMessageId));
        Assert.That(original!.Content, Is.EqualTo("the answer"));
        Assert.That(_emulator.FindMessage(edited.Id)!.IsLoading, Is.False);
        EmulatorMessage secret = _emulator.FindMessage(followup.Id)!;
        Assert.That(secret.IsEphemeral && secret.IsDeleted, Is.True);
        Assert.That(secret.Content, Is.EqualTo("only you: [secret]"));
        Assert.That(_emulator.InteractionResponses.Where(r => r.InteractionId == invoked.Id).Select(r => r.Kind), Is.EqualTo(new[]
        {
            EmulatorInteractionResponseKind.Callback, EmulatorInteractionResponseKind.EditOriginal,
            EmulatorInteractionResponseKind.Followup, EmulatorInteractionResponseKind.DeleteFollowup,
        }));
    }

    [Test]
    public async Task Button_OnTheBotsAnswer_ReachesTheBotWhichUpdatesTheMessage()
    {
        _answer = i => i.Type == InteractionType.ApplicationCommand
            ? _bot.RespondToInteractionAsync(i, InteractionResponse.ChannelMessage(new InteractionMessage
            {
                Content = "first",
                Components = [MessageComponent.ActionRow(MessageComponent.Button("regen", "Regenerate"))],
            }))
            : _bot.RespondToInteractionAsync(i, InteractionResponse.UpdateMessage(new InteractionMessage { Content = "second", Components = [] }));

        EmulatorInteraction command = await _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask", new EmulatorCommandOption("prompt", "x"));
        EmulatorInteractionResponse first = await _emulator.WaitForInteractionResponseAsync(r => r.InteractionId == command.Id, Guard);
        EmulatorInteraction click = await _emulator.ClickButtonAsync(_emulator.BobUserId, first.MessageId!.Value, "regen");
        await _emulator.WaitForInteractionResponseAsync(r => r.InteractionId == click.Id, Guard);
        await _received.Reader.ReadAsync().AsTask().WaitAsync(Guard);
        DiscordInteraction pressed = await _received.Reader.ReadAsync().AsTask().WaitAsync(Guard);
        EmulatorMessage message = _emulator.FindMessage(first.MessageId.Value)!;

        Assert.That(pressed.CustomId, Is.EqualTo("regen"));
        Assert.That(pressed.ComponentType, Is.EqualTo(ComponentType.Button));
        Assert.That(pressed.MessageId, Is.EqualTo(message.Id));
        Assert.That(pressed.User.Id, Is.EqualTo(_emulator.BobUserId));
        Assert.That(message.Content, Is.EqualTo("second"));
        Assert.That(message.ComponentCustomIds, Is.Empty);
    }

    [Test]
    public async Task TooLateAndTwice_SurfaceAsDiscordApiExceptions()
    {
        var errors = Channel.CreateUnbounded<DiscordApiException>();
        _answer = async i =>
        {
            await _bot.RespondToInteractionAsync(i, InteractionResponse.DeferChannelMessage(ephemeral: true));
            try
            {
                await _bot.RespondToInteractionAsync(i, InteractionResponse.DeferChannelMessage());
            }
            catch (DiscordApiException ex)
            {
                await errors.Writer.WriteAsync(ex);
            }
        };

        await _emulator.InvokeSlashCommandAsync(_emulator.AliceUserId, _emulator.DefaultChannelId, "ask", new EmulatorCommandOption("prompt", "x"));
        DiscordApiException second = await errors.Reader.ReadAsync().AsTask().WaitAsync(Guard);

        Assert.That(second.Code, Is.EqualTo(40060));
    }

    [Test]
    public async Task ApplicationCommands_CreateEditListDelete_AndInvalidDefinitionsAreRefused()
    {
        ApplicationCommand created = await _bot.CreateApplicationCommandAsync(new ApplicationCommand { Name = "ping", Description = "Ping", DefaultMemberPermissions = 8 });
        ApplicationCommand edited = await _bot.EditApplicationCommandAsync(created.Id, new ApplicationCommand { Name = "ping", Description = "Latency" });
        IReadOnlyList<ApplicationCommand> global = await _bot.GetApplicationCommandsAsync();
        IReadOnlyList<ApplicationCommand> guild = await _bot.GetApplicationCommandsAsync(_emulator.DefaultGuildId);
        await _bot.DeleteApplicationCommandAsync(created.Id);
        IReadOnlyList<ApplicationCommand> afterDelete = await _bot.GetApplicationCommandsAsync();
        DiscordApiException invalid = (await Assert.ThrowsAsync<DiscordApiException>(() => _bot.CreateApplicationCommandAsync(new ApplicationCommand { Name = "Bad Name", Description = "x" })))!;

        Assert.That(created.Id, Is.Not.Zero);
        Assert.That(created.ApplicationId, Is.EqualTo(_emulator.ApplicationId));
        Assert.That(created.DefaultMemberPermissions, Is.EqualTo(8UL));
        Assert.That(edited.Id, Is.EqualTo(created.Id));
        Assert.That(edited.Description, Is.EqualTo("Latency"));
        Assert.That(global.Select(c => c.Name), Is.EqualTo(new[] { "ping" }));
        Assert.That(guild.Single().Options.Single().Name, Is.EqualTo("prompt"));
        Assert.That(guild.Single().GuildId, Is.EqualTo(_emulator.DefaultGuildId));
        Assert.That(afterDelete, Is.Empty);
        Assert.That(invalid.HttpStatus, Is.EqualTo(400));
        Assert.That(invalid.Code, Is.EqualTo(50035));
    }
}
