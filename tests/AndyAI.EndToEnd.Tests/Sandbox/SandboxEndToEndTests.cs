using System.Collections;
using AndyAI.EndToEnd.Tests.Harness;
using AndyAI.Host.Hosting;
using AndyAI.Host.Sandbox;

namespace AndyAI.EndToEnd.Tests.Sandbox;

/// <summary>
/// The README's run command with no DISCORD_API_TOKEN: <see cref="AndyAIHost.RunAsync"/> starts the emulator and the
/// offline responder in-process, loads the real cog builds from a temporary plugins folder, and a script pipes lines
/// into the sandbox chat and reads its output. Nothing here talks to anything but 127.0.0.1.
/// </summary>
[NonParallelizable] // the chat's input and output are process-wide (they are the console in the real run)
public sealed class SandboxEndToEndTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    // Shorter than a person needs, still longer than the MessageHandler's 1 s stream edit interval.
    private static readonly SandboxPacing TestPacing = new(
        TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));

    private string _root = "";

    [SetUp]
    public void CreateBotFolder()
    {
        _root = Path.Combine(Path.GetTempPath(), "andyai-sandbox-e2e", Guid.NewGuid().ToString("N"));
        foreach (string cog in new[] { "MessageHandler", "Utility" })
        {
            string target = Directory.CreateDirectory(Path.Combine(_root, "plugins", cog)).FullName;
            foreach (string file in Directory.EnumerateFiles(BotHarness.CogBuild(cog)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        File.WriteAllText(Path.Combine(_root, "plugins.json"),
            "{ \"pluginsDirectory\": \"plugins\", \"dataDirectory\": \"data\", \"watch\": false, \"loadOrder\": [\"Utility\", \"MessageHandler\"] }\n");
    }

    [TearDown]
    public void DeleteBotFolder()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a shadow copy still mapped: the temp folder is cleaned by the OS
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Test]
    public async Task RunAsync_NoTokenScriptPipesLines_AnswersEachInOrderAndExitsZero()
    {
        (int exitCode, string output, string errors) = await RunSandboxAsync(
            "@AndyAI hello\n" +
            "!cogs\n" +
            ":dm hi\n" +
            ":help\n" +
            ":as alice !reload\n" +
            "/ask what is a slash command? private:true\n" +
            ":press 1\n" +
            ":press 2\n" +
            "/ask\n" +
            "a question typed into the form\n" +
            "@AndyAI\n" +
            "@AndyAI what is a token bucket?\n" +
            ":as bob :reply and a leaky one?\n" +
            "/settings me key:language value:French\n" +
            "/mydata export\n" +
            ":as alice :dm /ask what is a DM?\n" +
            "/settings\n" +
            "!settings guild ai-roles @moderators\n");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, $"stderr: {errors}\noutput:\n{output}");
            Assert.That(output, Does.Contain("LLM: offline responder (not a language model"));
            Assert.That(output, Does.Match(@"Dashboard: http://127\.0\.0\.1:\d+/ .*login token: \S+ \(generated"), "the sandbox prints the dashboard's address and generated token");
            Assert.That(output, Does.Contain("[#general] AndyAI ↳ \"@AndyAI hello\":\n    You asked: “hello”"), "the offline responder restates the question, as a reply");
            Assert.That(output, Does.Contain("is typing…"));
            Assert.That(output, Does.Contain("[DM] AndyAI ↳ \"hi\":\n    You asked: “hi”"), "the DM is answered in the DM");
            Assert.That(output, Does.Contain(":as <user> <text>"), ":help lists the sandbox's commands");
            Assert.That(output, Does.Contain("[#general] AndyAI (only you see this):\n    You asked: “what is a slash command?”"), "/ask private:true answers privately");
            Assert.That(output, Does.Contain("[#general] AndyAI (edited) (only you see this):"), ":press 1 (Regenerate) rewrote the private answer");
            Assert.That(output, Does.Contain("You asked: “what is a slash command?”"), "/ask is answered");
            Assert.That(output, Does.Contain("[1] Regenerate  (:press <n>)"), "the answer's buttons are listed");
            Assert.That(output, Does.Contain("(the latest message with buttons has one button: :press 1)"), "a press past the last button says which exist");
            Assert.That(output, Does.Contain("[form] Ask the AI: type your prompt on the next line"), "/ask without a prompt opens the form");
            Assert.That(output, Does.Contain("You asked: “a question typed into the form”"), "the form's line is the question");
            Assert.That(output, Does.Contain("Mention me with a question, for example: @AndyAI what is a token bucket?"),
                "an empty mention's hint names the bot as the sandbox spells it, so its example can be typed back");
            Assert.That(output, Does.Contain("You asked: “what is a token bucket?”"), "the hint's example, typed back, is a question");
            Assert.That(output, Does.Match("↳ \"and a leaky one\\?\":\n    You asked: “and a leaky one\\?” \\(\\d+ characters, 4 words, after \\d+ earlier messages"),
                ":reply answers the bot's latest message: the bot is pinged and the reply chain is the conversation (bob: the owner has used up their rate limit by now)");
            Assert.That(output, Does.Contain("Done: your `language` is now `French`."), "a subcommand typed as a word, its options as name:value");
            Assert.That(output, Does.Contain("(/settings needs one of show, guild or me)"), "a command with subcommands says which");
            Assert.That(output, Does.Match(@"\n    \[file\] andyai-mydata\.json \(\d+(\.\d)? (bytes|KB)\), saved as \S+andyai-mydata\.json\n"), "/mydata export's file is shown under its answer");
            Assert.That(File.ReadAllText(Path.Combine(_root, "data", "sandbox-files", "andyai-mydata.json")), Does.Contain("\"question\": \"hello\""),
                "and saved, as a click on it in Discord's client downloads it");
            Assert.That(output, Does.Contain("[DM] AndyAI:\n    You asked: “what is a DM?”"), ":dm /ask runs the slash command in the DM and answers there");
            Assert.That(output, Does.Contain("Done: server setting `ai-roles` is now @Moderators."), "a typed @role is sent as the role's mention");
            Assert.That(output, Does.Contain("End of input: stopping"), "the end of piped input is announced");
        });

        string[] lines = output.Split('\n');
        int hello = Array.FindIndex(lines, l => l.Contains("You asked: “hello”", StringComparison.Ordinal));
        int cogs = Array.FindIndex(lines, l => l.Contains("↳ \"!cogs\"", StringComparison.Ordinal));
        int dm = Array.FindIndex(lines, l => l.Contains("You asked: “hi”", StringComparison.Ordinal));
        int alice = Array.FindIndex(lines, l => l.Contains("↳ \"!reload\"", StringComparison.Ordinal));
        Assert.That(cogs, Is.GreaterThan(hello), output);
        Assert.That(dm, Is.GreaterThan(cogs), output);
        Assert.That(alice, Is.GreaterThan(dm), "a non-owner's !reload is answered (refused)\n" + output);
        Assert.That(lines.Count(l => l.Contains("You asked: “what is a slash command?”", StringComparison.Ordinal)), Is.EqualTo(2),
            ":press 1 regenerated the answer (printed again, edited)\n" + output);
        string cogsListing = string.Join("\n", lines.Skip(cogs).Take(dm - cogs));
        Assert.That(cogsListing, Does.Contain("MessageHandler").And.Contain("Utility"), output);
        Assert.That(lines.Count(l => l.Contains("You asked: “hello”", StringComparison.Ordinal)), Is.EqualTo(1),
            "a streamed answer is printed once, with its final content, when input is piped");
    }

    [Test]
    public async Task RunAsync_SelectMenus_ListedAndPickedWithPick()
    {
        // The Slash test cog posts a menu of each kind (string, user, role, mentionable, channel) and says what was picked.
        string target = Directory.CreateDirectory(Path.Combine(_root, "plugins", "SlashCog")).FullName;
        foreach (string file in Directory.EnumerateFiles(BotHarness.CogBuild("SlashCogV1")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        (int exitCode, string output, string errors) = await RunSandboxAsync(
            "/slash-pick\n" +
            ":pick 1 red, Green\n" +
            ":pick 1\n" +
            ":pick 2 @alice @bob\n" +
            ":pick 4 @Moderators, @alice\n" +
            ":pick 5 #general\n" +
            ":pick 3 @alice\n" +
            ":pick 9 red\n");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, $"stderr: {errors}\noutput:\n{output}");
            Assert.That(output, Does.Contain("    [menu 1] Colours: Red, Blue, Green (pick 0 to 2)\n    [menu 2] a member, as @name (pick 1 to 3)"), output);
            Assert.That(output, Does.Contain("    [menu 5] a channel, as #name (pick 1; already picked: #general)\n    (:pick <menu> <choices>)"));
            Assert.That(output, Does.Contain("v1: pick-colour values=red,green users= roles= channels="));
            Assert.That(output, Does.Contain("v1: pick-colour values= users= roles= channels="), ":pick 1 alone clears the min-0 menu");
            Assert.That(output, Does.Contain("users=alice,bob roles= channels="));
            Assert.That(output, Does.Contain("users=alice roles=Moderators channels="));
            Assert.That(output, Does.Contain("users= roles= channels=general(0)"));
            Assert.That(output, Does.Contain("(not sent: No role "), "alice is no role: Discord's client would not offer her in a role menu");
            Assert.That(output, Does.Contain("(the latest message with menus has 5 menus: :pick 1 to :pick 5)"));
        });
    }

    [Test]
    public async Task RunAsync_Complete_ShowsTheSuggestionsForTheOptionTypedLast_WithTheOthersFilledIn()
    {
        // The Slash test cog's /slash-track suggests "<album> disc <disc>: <typed>" for its track option.
        string target = Directory.CreateDirectory(Path.Combine(_root, "plugins", "SlashCog")).FullName;
        foreach (string file in Directory.EnumerateFiles(BotHarness.CogBuild("SlashCogV1")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        (int exitCode, string output, string errors) = await RunSandboxAsync(
            ":complete /slash-track album:Abbey Road disc:2 track:Come\n" +
            ":as alice :complete /slash-track disc:1 track:Help\n" +
            ":complete /slash-track album:Abbey Road\n" +
            ":complete /slash-track disc:two track:x\n" +
            ":complete /no-such-command x:1\n" +
            ":complete /slash-track caller:\n" +
            ":as alice :complete /slash-track caller:\n" +
            ":complete /settings me key:LAN\n");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, $"stderr: {errors}\noutput:\n{output}");
            Assert.That(output, Does.Contain("[autocomplete] /slash-track track, typed \"Come\": 1 suggestion\n    Abbey Road disc 2: Come (type Come)"), output);
            Assert.That(output, Does.Contain("[autocomplete] /slash-track track, typed \"Help\": 1 suggestion\n    no album disc 1: Help (type Help)"));
            Assert.That(output, Does.Contain("(/slash-track album has no suggestions; track and caller do)"));
            // Contract 1.7: the cog sees who types where, as for a slash command (you are an owner, alice is not).
            Assert.That(output, Does.Match(@"\[autocomplete\] /slash-track caller, typed """": 1 suggestion\n    \S+ owner in \d+ roles \S+ \(type caller\)"));
            Assert.That(output, Does.Match(@"\[autocomplete\] /slash-track caller, typed """": 1 suggestion\n    alice member in \d+ roles none \(type caller\)"));
            Assert.That(output, Does.Contain("(not sent: /slash-track disc: 'two' is not a whole number.)"), "the client would not let a word into a number option");
            Assert.That(output, Does.Contain("(there is no slash command /no-such-command;"));
            Assert.That(output, Does.Contain("[choices] /settings me key, typed \"LAN\": 1 choice\n    language"), "fixed choices are listed as the client lists them, without asking the bot");
        });
    }

    [Test]
    public async Task RunAsync_DashboardPortTaken_WarnsAndTheChatStillAnswers()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        (int exitCode, string output, string errors) = await RunSandboxAsync("@AndyAI hello\n", $"http://127.0.0.1:{port}");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, $"stderr: {errors}\noutput:\n{output}");
            Assert.That(output, Does.Contain($"Dashboard not started: http://127.0.0.1:{port}/ is in use"));
            Assert.That(output, Does.Contain("You asked: “hello”"), "the bot kept running");
        });
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunSandboxAsync(string script, string httpAddress = "http://127.0.0.1:0")
    {
        var environment = new Hashtable
        {
            ["PLUGINS_CONFIG"] = Path.Combine(_root, "plugins.json"),
            ["LOG_LEVEL"] = "Information",
            ["LOG_FILE"] = Path.Combine(_root, "logs", "andyai.log"),
            ["Plugins__ShadowCopyDirectory"] = Path.Combine(_root, "shadow"),
            // Never the default 8080: tests run in parallel; port 0 still shows the dashboard line.
            ["HTTP_ADDRESS"] = httpAddress,
        };
        var output = new StringWriter();
        var errors = new StringWriter();
        TextReader originalInput = SandboxChat.Input;
        TextWriter originalOutput = SandboxChat.Output;
        SandboxPacing originalPacing = SandboxChat.Pacing;
        SandboxChat.Input = TextReader.Synchronized(new StringReader(script));
        SandboxChat.Output = TextWriter.Synchronized(output);
        SandboxChat.Pacing = TestPacing;
        using var hangGuard = new CancellationTokenSource(HangGuard);
        try
        {
            int exitCode = await AndyAIHost.RunAsync([], environment, errors, hangGuard.Token);
            Assert.That(hangGuard.IsCancellationRequested, Is.False, "the sandbox did not stop by itself at the end of input:\n" + output);
            return (exitCode, output.ToString().ReplaceLineEndings("\n"), errors.ToString());
        }
        finally
        {
            SandboxChat.Input = originalInput;
            SandboxChat.Output = originalOutput;
            SandboxChat.Pacing = originalPacing;
        }
    }
}
