using System.Text.Json;
using AndyAI.Discord.Interactions;
using AndyAI.Discord.Json;
using AndyAI.Discord.Json.Lenient;

namespace AndyAI.Discord.Tests.Interactions;

/// <summary>INTERACTION_CREATE payloads as Discord documents them, and variants a lenient reader must survive.</summary>
public class InteractionParsingTests
{
    // The chat-input example of Discord's "Receiving and Responding" page (guild, member, resolved user/role).
    private const string SlashCommand = """
        {"type":2,"token":"A_UNIQUE_TOKEN","member":{"user":{"id":"53908232506183680","username":"Mason","avatar":"a_d5efa99b3eeaa7dd43acca82f5692432","discriminator":"1337","public_flags":131141},
         "roles":["539082325061836999"],"premium_since":null,"permissions":"2147483647","pending":false,"nick":null,"mute":false,"joined_at":"2017-03-13T19:19:14.040000+00:00","is_pending":false,"deaf":false},
         "id":"786008729715212338","guild_id":"290926798626357999","app_permissions":"442368","guild_locale":"en-US","locale":"en-US",
         "data":{"options":[{"type":3,"name":"cardname","value":"The Gitrog Monster"},{"type":6,"name":"owner","value":"53908232506183680"},{"type":4,"name":"count","value":3},{"type":10,"name":"ratio","value":0.5},{"type":5,"name":"private","value":true}],
          "type":1,"name":"cardsearch","id":"771825006014889984",
          "resolved":{"users":{"53908232506183680":{"id":"53908232506183680","username":"Mason","global_name":null}},"members":{"53908232506183680":{"roles":["539082325061836999"],"nick":"M","permissions":"8"}},
           "roles":{"539082325061836999":{"id":"539082325061836999","name":"Mods","permissions":"8","managed":false}},
           "channels":{"41771983423143937":{"id":"41771983423143937","type":0,"name":"general","permissions":"1024"}},
           "attachments":{"1":{"id":"1","filename":"a.png","size":1234,"url":"https://cdn.example/a.png","content_type":"image/png"}}}},
         "channel_id":"645027906669510667","channel":{"id":"645027906669510667","type":0},"application_id":"775799577604522054","version":1,"context":0}
        """;

    private static DiscordInteraction Parse(string json, out string? skipped)
    {
        JsonInteraction wire = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.JsonInteraction)!;
        skipped = LenientJson.TakeSkipped();
        return InteractionConverter.ToInteraction(wire, shardId: 3);
    }

    [Test]
    public void SlashCommand_DocsExample_ReadsEverything()
    {
        DiscordInteraction interaction = Parse(SlashCommand, out string? skipped);

        Assert.That(skipped, Is.Null);
        Assert.That(interaction.Id, Is.EqualTo(786008729715212338UL));
        Assert.That(interaction.ApplicationId, Is.EqualTo(775799577604522054UL));
        Assert.That(interaction.Type, Is.EqualTo(InteractionType.ApplicationCommand));
        Assert.That(interaction.Token, Is.EqualTo("A_UNIQUE_TOKEN"));
        Assert.That(interaction.Version, Is.EqualTo(1));
        Assert.That(interaction.GuildId, Is.EqualTo(290926798626357999UL));
        Assert.That(interaction.ChannelId, Is.EqualTo(645027906669510667UL));
        Assert.That(interaction.User.Id, Is.EqualTo(53908232506183680UL));
        Assert.That(interaction.User.Username, Is.EqualTo("Mason"));
        Assert.That(interaction.Member!.Permissions, Is.EqualTo(2147483647UL));
        Assert.That(interaction.Member.RoleIds, Is.EqualTo(new[] { 539082325061836999UL }));
        Assert.That(interaction.AppPermissions, Is.EqualTo(442368UL));
        Assert.That(interaction.Locale, Is.EqualTo("en-US"));
        Assert.That(interaction.ShardId, Is.EqualTo(3));
        Assert.That(interaction.CommandName, Is.EqualTo("cardsearch"));
        Assert.That(interaction.CommandId, Is.EqualTo(771825006014889984UL));
        Assert.That(interaction.CommandType, Is.EqualTo(ApplicationCommandType.ChatInput));
        Assert.That(interaction.GetOption("cardname")!.Value, Is.EqualTo("The Gitrog Monster"));
        Assert.That(interaction.GetOption("owner")!.Value, Is.EqualTo(53908232506183680UL));
        Assert.That(interaction.GetOption("count")!.Value, Is.EqualTo(3L));
        Assert.That(interaction.GetOption("ratio")!.Value, Is.EqualTo(0.5));
        Assert.That(interaction.GetOption("private")!.Value, Is.EqualTo(true));
        Assert.That(interaction.Resolved.Users[53908232506183680UL].Username, Is.EqualTo("Mason"));
        Assert.That(interaction.Resolved.Members[53908232506183680UL].Nickname, Is.EqualTo("M"));
        Assert.That(interaction.Resolved.Roles[539082325061836999UL].Name, Is.EqualTo("Mods"));
        Assert.That(interaction.Resolved.Channels[41771983423143937UL].Permissions, Is.EqualTo(1024UL));
        Assert.That(interaction.Resolved.Attachments[1].ContentType, Is.EqualTo("image/png"));
        Assert.That(interaction.Resolved.Attachments[1].Size, Is.EqualTo(1234));
    }

    [Test]
    public void SlashCommand_SubcommandGroup_PathAndNestedOptions()
    {
        const string json = """
            {"id":"1","application_id":"2","type":2,"token":"t","user":{"id":"9","username":"dm-user"},"channel_id":"5",
             "data":{"id":"3","name":"config","type":1,"options":[{"name":"settings","type":2,"options":[{"name":"set","type":1,"options":[{"name":"key","type":3,"value":"colour"}]}]}]}}
            """;

        DiscordInteraction interaction = Parse(json, out _);

        Assert.That(interaction.SubCommandPath, Is.EqualTo(new[] { "settings", "set" }));
        Assert.That(interaction.GetOption("key")!.Value, Is.EqualTo("colour"));
        Assert.That(interaction.GetOption("set"), Is.Null, "subcommands are not value options");
        Assert.That(interaction.Member, Is.Null);
        Assert.That(interaction.GuildId, Is.Null);
        Assert.That(interaction.User.Username, Is.EqualTo("dm-user"), "DMs carry user, not member");
    }

    [Test]
    public void Autocomplete_FocusedOptionKeepsTheTypedText()
    {
        const string json = """
            {"id":"1","application_id":"2","type":4,"token":"t","channel_id":"5","member":{"user":{"id":"9","username":"u"},"roles":[]},
             "data":{"id":"3","name":"ask","type":1,"options":[{"name":"count","type":4,"value":"1","focused":true},{"name":"prompt","type":3,"value":"hi"}]}}
            """;

        DiscordInteraction interaction = Parse(json, out _);

        Assert.That(interaction.Type, Is.EqualTo(InteractionType.ApplicationCommandAutocomplete));
        Assert.That(interaction.FocusedOption!.Name, Is.EqualTo("count"));
        Assert.That(interaction.FocusedOption.Value, Is.EqualTo("1"), "what was typed so far, as text");
    }

    [Test]
    public void Button_ReadsCustomIdComponentTypeAndMessage()
    {
        const string json = """
            {"id":"1","application_id":"2","type":3,"token":"t","channel_id":"5","member":{"user":{"id":"9","username":"u"},"roles":[]},
             "message":{"id":"77","channel_id":"5","author":{"id":"2","username":"bot","bot":true},"content":"pick","components":[{"type":1,"components":[{"type":2,"custom_id":"go","style":1,"label":"Go"}]}]},
             "data":{"custom_id":"go","component_type":2}}
            """;

        DiscordInteraction interaction = Parse(json, out _);

        Assert.That(interaction.Type, Is.EqualTo(InteractionType.MessageComponent));
        Assert.That(interaction.CustomId, Is.EqualTo("go"));
        Assert.That(interaction.ComponentType, Is.EqualTo(ComponentType.Button));
        Assert.That(interaction.MessageId, Is.EqualTo(77UL));
        Assert.That(interaction.CommandName, Is.Null);
    }

    [Test]
    public void UserSelect_ReadsValuesAndResolvedUsers()
    {
        const string json = """
            {"id":"1","application_id":"2","type":3,"token":"t","channel_id":"5","member":{"user":{"id":"9","username":"u"},"roles":[]},
             "data":{"custom_id":"who","component_type":5,"values":["11","12"],"resolved":{"users":{"11":{"id":"11","username":"a"},"12":{"id":"12","username":"b"}}}}}
            """;

        DiscordInteraction interaction = Parse(json, out _);

        Assert.That(interaction.Values, Is.EqualTo(new[] { "11", "12" }));
        Assert.That(interaction.Resolved.Users.Keys, Is.EquivalentTo(new[] { 11UL, 12UL }));
    }

    [TestCase("""[{"type":1,"components":[{"type":4,"custom_id":"prompt","value":"long text"}]},{"type":1,"components":[{"type":4,"custom_id":"empty"}]}]""")]
    [TestCase("""[{"type":18,"label":"Prompt","component":{"type":4,"custom_id":"prompt","value":"long text"}},{"type":18,"component":{"type":4,"custom_id":"empty","value":null}}]""")]
    public void ModalSubmit_ActionRowsOrLabels_ReadsEveryInput(string components)
    {
        string json = $$$"""{"id":"1","application_id":"2","type":5,"token":"t","channel_id":"5","user":{"id":"9","username":"u"},"data":{"custom_id":"ask-modal","components":{{{components}}}}}""";

        DiscordInteraction interaction = Parse(json, out _);

        Assert.That(interaction.Type, Is.EqualTo(InteractionType.ModalSubmit));
        Assert.That(interaction.CustomId, Is.EqualTo("ask-modal"));
        Assert.That(interaction.ModalValues["prompt"], Is.EqualTo("long text"));
        Assert.That(interaction.ModalValues["empty"], Is.Empty);
    }

    [TestCase("\"member\":{\"user\":{\"id\":\"9\",\"username\":\"u\"},\"roles\":[],\"permissions\":{\"x\":1}}", "a string")]
    [TestCase("\"member\":{\"user\":{\"id\":\"9\",\"username\":\"u\"},\"roles\":\"oops\"}", "snowflakes")]
    [TestCase("\"member\":{\"user\":{\"id\":\"9\"}},\"data\":{\"name\":\"x\",\"options\":{\"not\":\"an array\"}}", "JsonInteractionDataOption")]
    [TestCase("\"member\":{\"user\":{\"id\":\"9\"}},\"data\":{\"name\":\"x\",\"resolved\":[]}", "JsonResolvedData")]
    [TestCase("\"member\":{\"user\":{\"id\":\"9\"}},\"guild_id\":\"\",\"app_permissions\":null,\"locale\":7", "snowflake")]
    [TestCase("\"member\":{\"user\":{\"id\":\"9\"}},\"message\":{\"id\":\"not a snowflake\"}", "JsonMessage")]
    public void UnreadableOptionalField_ReadsAsEmptyAndReportsIt(string fields, string expected)
    {
        string json = "{\"id\":\"1\",\"application_id\":\"2\",\"type\":2,\"token\":\"t\",\"channel_id\":\"5\"," + fields + "}";

        DiscordInteraction interaction = Parse(json, out string? skipped);

        Assert.That(interaction.Id, Is.EqualTo(1UL));
        Assert.That(interaction.User.Id, Is.EqualTo(9UL));
        Assert.That(skipped, Does.Contain(expected));
    }

    [Test]
    public void UnknownFieldsAndTypes_AreKept()
    {
        const string json = """
            {"id":"1","application_id":"2","type":2,"token":"t","channel_id":"5","user":{"id":"9"},"entitlements":[],"authorizing_integration_owners":{"0":"1"},"new_field":{"a":[1,2]},
             "data":{"name":"x","type":1,"options":[{"name":"future","type":42,"value":{"some":"object"}},{"name":"n","type":4,"value":"not a number"}]}}
            """;

        DiscordInteraction interaction = Parse(json, out string? skipped);

        Assert.That(skipped, Is.Null);
        Assert.That(interaction.Options[0].Type, Is.EqualTo((ApplicationCommandOptionType)42));
        Assert.That(interaction.Options[0].Value, Is.EqualTo("{\"some\":\"object\"}"));
        Assert.That(interaction.Options[1].Value, Is.EqualTo("not a number"), "a value that does not fit its type is kept as text");
    }

    [Test]
    public void ApplicationCommand_RoundTripsThroughTheWire()
    {
        var command = new ApplicationCommand
        {
            Name = "ask",
            Description = "Ask the bot",
            DefaultMemberPermissions = 8,
            Contexts = [InteractionContextType.Guild, InteractionContextType.BotDm],
            IntegrationTypes = [ApplicationIntegrationType.GuildInstall],
            NameLocalizations = new Dictionary<string, string> { ["de"] = "frage" },
            Options =
            [
                new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = "prompt", Description = "What", Required = true, MaxLength = 100, Autocomplete = true },
                new ApplicationCommandOption
                {
                    Type = ApplicationCommandOptionType.Integer, Name = "n", Description = "How many", MinValue = 1, MaxValue = 5,
                    Choices = [new ApplicationCommandChoice("one", 1L), new ApplicationCommandChoice("two", 2L)],
                },
                new ApplicationCommandOption { Type = ApplicationCommandOptionType.Number, Name = "ratio", Description = "Ratio", Choices = [new ApplicationCommandChoice("half", 0.5)] },
                new ApplicationCommandOption { Type = ApplicationCommandOptionType.Channel, Name = "where", Description = "Where", ChannelTypes = [0, 5] },
            ],
        };

        string json = JsonSerializer.Serialize(InteractionConverter.ToJson(command), DiscordJsonContext.Default.JsonApplicationCommand);
        ApplicationCommand back = InteractionConverter.ToCommand(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.JsonApplicationCommand)!);

        Assert.That(json, Does.Contain("\"default_member_permissions\":\"8\""));
        Assert.That(json, Does.Contain("\"max_length\":100"), "integral limits are written as integers");
        Assert.That(json, Does.Contain("\"value\":1}"));
        Assert.That(json, Does.Not.Contain("\"id\""), "a new command carries no id");
        Assert.That(back.Name, Is.EqualTo("ask"));
        Assert.That(back.DefaultMemberPermissions, Is.EqualTo(8UL));
        Assert.That(back.Contexts, Is.EqualTo(new[] { InteractionContextType.Guild, InteractionContextType.BotDm }));
        Assert.That(back.NameLocalizations!["de"], Is.EqualTo("frage"));
        Assert.That(back.Options[0].Required && back.Options[0].Autocomplete, Is.True);
        Assert.That(back.Options[0].MaxLength, Is.EqualTo(100));
        Assert.That(back.Options[1].Choices!.Select(c => c.Value), Is.EqualTo(new object[] { 1L, 2L }));
        Assert.That(back.Options[1].MinValue, Is.EqualTo(1));
        Assert.That(back.Options[2].Choices![0].Value, Is.EqualTo(0.5));
        Assert.That(back.Options[3].ChannelTypes, Is.EqualTo(new[] { 0, 5 }));
    }

    [Test]
    public void ApplicationCommand_FromDiscordWithUnreadableExtras_StillReads()
    {
        const string json = """
            {"id":"10","application_id":"2","version":"11","type":1,"name":"ask","description":"d","name_localizations":null,"description_localizations":"oops",
             "default_member_permissions":null,"dm_permission":true,"contexts":null,"integration_types":[0,1],"nsfw":false,"options":[{"type":3,"name":"p","description":"x","choices":"bad"}]}
            """;

        ApplicationCommand command = InteractionConverter.ToCommand(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.JsonApplicationCommand)!);
        LenientJson.TakeSkipped();

        Assert.That(command.Id, Is.EqualTo(10UL));
        Assert.That(command.Version, Is.EqualTo(11UL));
        Assert.That(command.DefaultMemberPermissions, Is.Null);
        Assert.That(command.DescriptionLocalizations, Is.Null);
        Assert.That(command.IntegrationTypes, Is.EqualTo(new[] { ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall }));
        Assert.That(command.Options[0].Choices, Is.Null);
    }

    [Test]
    public void Response_Message_FiltersContentSetsEphemeralAndEmptyAllowedMentions()
    {
        InteractionResponse response = InteractionResponse.ChannelMessage(new InteractionMessage
        {
            Content = "key sk-123",
            IsEphemeral = true,
            Components = [MessageComponent.ActionRow(MessageComponent.Button("regen", "Regenerate"), MessageComponent.LinkButton("https://example.com", "Docs"))],
        });

        string json = JsonSerializer.Serialize(InteractionConverter.ToJson(response, s => s.Replace("sk-123", "[redacted]", StringComparison.Ordinal)), DiscordJsonContext.Default.JsonInteractionResponse);

        Assert.That(json, Is.EqualTo(
            """{"type":4,"data":{"content":"key [redacted]","flags":64,"components":[{"type":1,"components":[{"type":2,"custom_id":"regen","style":1,"label":"Regenerate"},{"type":2,"style":5,"label":"Docs","url":"https://example.com"}]}],"allowed_mentions":{"parse":[],"replied_user":false}}}"""));
    }

    [Test]
    public void Response_ModalDeferAndAutocomplete_HaveDiscordsShapes()
    {
        string modal = JsonSerializer.Serialize(InteractionConverter.ToJson(InteractionResponse.Modal("m", "Ask",
            [MessageComponent.ActionRow(MessageComponent.TextInput("prompt", "Prompt", TextInputStyle.Paragraph, maxLength: 4000))]), s => s), DiscordJsonContext.Default.JsonInteractionResponse);
        string defer = JsonSerializer.Serialize(InteractionConverter.ToJson(InteractionResponse.DeferChannelMessage(ephemeral: true), s => s), DiscordJsonContext.Default.JsonInteractionResponse);
        string update = JsonSerializer.Serialize(InteractionConverter.ToJson(InteractionResponse.DeferUpdate(), s => s), DiscordJsonContext.Default.JsonInteractionResponse);
        string choices = JsonSerializer.Serialize(InteractionConverter.ToJson(InteractionResponse.Autocomplete([new ApplicationCommandChoice("Games", "games"), new ApplicationCommandChoice("Two", 2L)]), s => s),
            DiscordJsonContext.Default.JsonInteractionResponse);

        Assert.That(modal, Is.EqualTo("""{"type":9,"data":{"components":[{"type":1,"components":[{"type":4,"custom_id":"prompt","style":2,"label":"Prompt","max_length":4000,"required":true}]}],"custom_id":"m","title":"Ask"}}"""));
        Assert.That(defer, Is.EqualTo("""{"type":5,"data":{"flags":64}}"""));
        Assert.That(update, Is.EqualTo("""{"type":6}"""));
        Assert.That(choices, Is.EqualTo("""{"type":8,"data":{"choices":[{"name":"Games","value":"games"},{"name":"Two","value":2}]}}"""));
    }

    [Test]
    public void Response_BadMessages_ThrowBeforeAnythingIsSent()
    {
        Assert.Throws<ArgumentException>(() => InteractionConverter.ToJson(InteractionResponse.ChannelMessage(new InteractionMessage()), s => s));
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionConverter.ToJson(InteractionResponse.ChannelMessage(new InteractionMessage { Content = new string('x', 2001) }), s => s));
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionResponse.Modal("m", new string('t', 46), [MessageComponent.ActionRow(MessageComponent.TextInput("a", "A"))]));
        Assert.Throws<ArgumentException>(() => MessageComponent.ActionRow());
        Assert.Throws<ArgumentException>(() => MessageComponent.Button("id", "Link", ButtonStyle.Link));
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.Button(new string('i', 101), "Too long"));
    }

    [Test]
    public void Response_TwoComponentsWithOneCustomId_ThrowsBeforeAnythingIsSent()
    {
        // Discord refuses the whole message (50035 COMPONENT_CUSTOM_ID_DUPLICATED), disabled duplicates included.
        var message = new InteractionMessage
        {
            Content = "page 2",
            Components =
            [
                MessageComponent.ActionRow(MessageComponent.Button("page:0", "First"), MessageComponent.Button("page:1", "Next")),
                MessageComponent.ActionRow(MessageComponent.Button("page:0", "Back to start", disabled: true)),
            ],
        };

        var error = Assert.Throws<ArgumentException>(() => InteractionConverter.ToJson(InteractionResponse.ChannelMessage(message), s => s));

        Assert.That(error!.Message, Does.Contain("page:0"));
    }

    [Test]
    public void Response_RowsDiscordRefuses_ThrowBeforeAnythingIsSent()
    {
        MessageComponent select = MessageComponent.StringSelect("pick", [new SelectMenuOption("A", "a")]);
        InteractionMessage selectBesideButton = new() { Content = "x", Components = [MessageComponent.ActionRow(select, MessageComponent.Button("go", "Go"))] };
        InteractionMessage textInput = new() { Content = "x", Components = [MessageComponent.ActionRow(MessageComponent.TextInput("t", "T"))] };
        InteractionMessage bareButton = new() { Content = "x", Components = [MessageComponent.Button("go", "Go")] };

        Assert.Throws<ArgumentException>(() => InteractionConverter.ToMessageData(selectBesideButton, s => s, isCreate: true));
        Assert.Throws<ArgumentException>(() => InteractionConverter.ToMessageData(textInput, s => s, isCreate: true));
        Assert.Throws<ArgumentException>(() => InteractionConverter.ToMessageData(bareButton, s => s, isCreate: true));
    }

    [Test]
    public void Autocomplete_SuggestionOver100Characters_Throws()
    {
        Assert.Throws<ArgumentException>(() => InteractionResponse.Autocomplete([new ApplicationCommandChoice(new string('n', 101), "v")]));
        Assert.Throws<ArgumentException>(() => InteractionResponse.Autocomplete([new ApplicationCommandChoice("n", new string('v', 101))]));
        Assert.That(InteractionResponse.Autocomplete([new ApplicationCommandChoice(new string('n', 100), new string('v', 100))]).Choices, Has.Count.EqualTo(1));
    }

    [Test]
    public void Components_OverDiscordsLengthLimits_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.Button("b", new string('l', 81)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.LinkButton("https://example.com", new string('l', 81)));
        Assert.Throws<ArgumentException>(() => MessageComponent.StringSelect("s", [new SelectMenuOption(new string('l', 101), "v")]));
        Assert.Throws<ArgumentException>(() => MessageComponent.StringSelect("s", [new SelectMenuOption("l", new string('v', 101))]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.StringSelect("s", [new SelectMenuOption("l", "v")], placeholder: new string('p', 151)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.TextInput("t", new string('l', 46)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.TextInput("t", "T", maxLength: 4001));
        Assert.That(MessageComponent.Button("b", new string('l', 80)).Label, Has.Length.EqualTo(80));
    }

    [TestCase(-1, 1, "minValues", TestName = "Selects_PickCountsDiscordRefuses_Throw(min below 0)")]
    [TestCase(26, 26, "minValues", TestName = "Selects_PickCountsDiscordRefuses_Throw(min over 25)")]
    [TestCase(0, 0, "maxValues", TestName = "Selects_PickCountsDiscordRefuses_Throw(max below 1)")]
    [TestCase(1, 26, "maxValues", TestName = "Selects_PickCountsDiscordRefuses_Throw(max over 25)")]
    [TestCase(3, 2, "maxValues", TestName = "Selects_PickCountsDiscordRefuses_Throw(min over max)")]
    public void Selects_PickCountsDiscordRefuses_Throw(int min, int max, string parameter)
    {
        var onString = Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.StringSelect("s", [new SelectMenuOption("l", "v")], minValues: min, maxValues: max));
        var onUsers = Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.EntitySelect(ComponentType.UserSelect, "u", minValues: min, maxValues: max));

        Assert.That((onString!.ParamName, onUsers!.ParamName), Is.EqualTo((parameter, parameter)));
    }

    [Test]
    public void ChannelSelect_UnknownChannelType_Throws_KnownTypesAreSent()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageComponent.EntitySelect(ComponentType.ChannelSelect, "c", channelTypes: [0, 99]));

        JsonComponent sent = InteractionConverter.ToJson(MessageComponent.EntitySelect(ComponentType.ChannelSelect, "c", minValues: 0, maxValues: 25, channelTypes: [0, 15]));

        Assert.That((sent.Type, sent.MinValues, sent.MaxValues, sent.ChannelTypes), Is.EqualTo((8, 0.0, 25.0, new[] { 0, 15 })));
    }
}
