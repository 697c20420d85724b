using AndyAI.Emulator;
using AndyAI.Host.Sandbox;

namespace AndyAI.Host.Tests.Sandbox;

public sealed class SandboxSlashCommandTests
{
    private static readonly string[] AskOptions = ["prompt", "private"];

    private static readonly EmulatorSlashOption[] Settings =
    [
        new("show", true, []),
        new("guild", true, [new("key", false, []), new("value", false, [])]),
        new("me", true, [new("key", false, []), new("value", false, [])]),
    ];

    private static readonly EmulatorSlashOption[] Permissions =
    [
        new("role", true, [new("grant", true, [new("name", false, []), new("level", false, [])])]),
    ];

    [TestCase("show", "show()")]
    [TestCase("  ME   key:language value:Be terse. ", "me(key=language|value=Be terse.)")]
    [TestCase("guild prompt", "guild(key=prompt)")]
    public void TryParse_SubcommandWords_NestTheOptionsUnderThem(string text, string expected)
    {
        bool parsed = SandboxSlashCommand.TryParse("settings", text, Settings, out IReadOnlyList<EmulatorCommandOption> options, out string? error);

        Assert.That((parsed, error), Is.EqualTo((true, (string?)null)));
        Assert.That(Describe(options), Is.EqualTo(expected));
    }

    [Test]
    public void TryParse_GroupThenSubcommand_NestTwice()
    {
        bool parsed = SandboxSlashCommand.TryParse("perm", "role grant name:mods level:2", Permissions, out IReadOnlyList<EmulatorCommandOption> options, out string? error);

        Assert.That((parsed, error), Is.EqualTo((true, (string?)null)));
        Assert.That(Describe(options), Is.EqualTo("role(grant(name=mods|level=2))"));
    }

    [TestCase("settings", "", "/settings needs one of show, guild or me")]
    [TestCase("settings", "key:prompt value:x", "/settings has no key:prompt; it has show, guild or me")]
    [TestCase("settings", "show now", "/settings show takes no options")]
    [TestCase("perm", "role", "/perm role needs one of grant")]
    public void TryParse_MissingOrUnknownSubcommand_SaysWhatThereIs(string command, string text, string expected)
    {
        EmulatorSlashOption[] shape = command == "perm" ? Permissions : Settings;

        bool parsed = SandboxSlashCommand.TryParse(command, text, shape, out _, out string? error);

        Assert.That((parsed, error), Is.EqualTo((false, expected)));
    }

    [Test]
    public void TryParse_NoSubcommands_IsTheOptionsParse()
    {
        EmulatorSlashOption[] ask = [new("prompt", false, []), new("private", false, [])];

        bool parsed = SandboxSlashCommand.TryParse("ask", "what is a monad? private:true", ask, out IReadOnlyList<EmulatorCommandOption> options, out string? error);

        Assert.That((parsed, error), Is.EqualTo((true, (string?)null)));
        Assert.That(Describe(options), Is.EqualTo("prompt=what is a monad?|private=true"));
    }

    private static readonly EmulatorSlashOption[] Forecast =
    [
        new("country", false, []) { ChoiceNames = ["France", "Germany"], ChoiceValues = ["\"fr\"", "\"de\""] },
        new("city", false, []) { IsAutocomplete = true },
        new("hours", false, []),
        new("days", false, []) { IsAutocomplete = true },
    ];

    private static readonly EmulatorSlashOption[] Reminders =
    [
        new("list", true, []),
        new("cancel", true, [new("id", false, []) { IsAutocomplete = true }]),
    ];

    [TestCase("country:France city:Ly", "country=France|city=Ly*", "/forecast city")]
    [TestCase("country:United Kingdom city:", "country=United Kingdom|city=*", "/forecast city")]
    [TestCase("city:b country:Germany days:1", "city=b|country=Germany|days=1*", "/forecast days")]
    [TestCase("", "country=*", "/forecast country")]
    [TestCase("country:Fr", "country=Fr*", "/forecast country")]
    [TestCase("Fr city:Par", "country=Fr|city=Par*", "/forecast city")]
    public void TryParseAutocomplete_TheLastOptionWritten_IsTheOneTypedIn(string text, string expected, string focused)
    {
        bool parsed = SandboxSlashCommand.TryParseAutocomplete("forecast", text, Forecast, out IReadOnlyList<EmulatorCommandOption> options, out string typedIn, out string? error, out EmulatorSlashOption? option);

        Assert.That((parsed, error), Is.EqualTo((true, (string?)null)));
        Assert.That(DescribeFocused(options), Is.EqualTo(expected));
        Assert.That(typedIn, Is.EqualTo(focused));
        Assert.That(option?.Name, Is.EqualTo(focused.Split(' ')[^1]));
    }

    [Test]
    public void TryParseAutocomplete_InASubcommand_NestsAndFocusesItsOption()
    {
        bool parsed = SandboxSlashCommand.TryParseAutocomplete("reminders", "cancel id:4", Reminders, out IReadOnlyList<EmulatorCommandOption> options, out string focused, out string? error, out _);

        Assert.That((parsed, error, focused), Is.EqualTo((true, (string?)null, "/reminders cancel id")));
        Assert.That(DescribeFocused(options), Is.EqualTo("cancel(id=4*)"));
    }

    [TestCase("forecast", "country:Fr hours:2", "/forecast hours has no suggestions; country, city and days do")]
    [TestCase("forecast", "country:Fr city:", null)]
    [TestCase("reminders", "list", "/reminders list: none of its options has suggestions")]
    [TestCase("reminders", "", "/reminders needs one of list or cancel")]
    public void TryParseAutocomplete_AnOptionThatDoesNotAutocomplete_SaysWhichDo(string command, string text, string? expected)
    {
        bool parsed = SandboxSlashCommand.TryParseAutocomplete(command, text, command == "forecast" ? Forecast : Reminders, out _, out _, out string? error, out _);

        Assert.That((parsed, error), Is.EqualTo((expected is null, expected)));
    }

    [Test]
    public void TryParse_AnEmptyValue_IsStillRefusedForASlashCommand()
    {
        bool parsed = SandboxSlashCommand.TryParse("forecast", "country:France city:", Forecast, out _, out string? error);

        Assert.That((parsed, error), Is.EqualTo((false, "/forecast: city: needs a value")));
    }

    /// <summary>As <see cref="Describe"/>, the focused option's value followed by *.</summary>
    private static string DescribeFocused(IReadOnlyList<EmulatorCommandOption> options) =>
        string.Join("|", options.Select(o => o.Value is null ? $"{o.Name}({DescribeFocused(o.Options)})" : $"{o.Name}={o.Value}{(o.Focused ? "*" : "")}"));

    /// <summary>Value options as name=value, subcommands (no value) as name(their options).</summary>
    private static string Describe(IReadOnlyList<EmulatorCommandOption> options) =>
        string.Join("|", options.Select(o => o.Value is null ? $"{o.Name}({Describe(o.Options)})" : $"{o.Name}={o.Value}"));

    [TestCase("", "")]
    [TestCase("what is a monad?", "prompt=what is a monad?")]
    [TestCase("what is a monad? private:true", "prompt=what is a monad?|private=true")]
    [TestCase("private:true prompt:why: because", "private=true|prompt=why: because")]
    [TestCase("time is 10:30 here", "prompt=time is 10:30 here")]
    [TestCase("see http://x.invalid/a private:false", "prompt=see http://x.invalid/a|private=false")]
    public void TryParseOptions_TextAndNamedValues_BecomeTheCommandsOptions(string text, string expected)
    {
        bool parsed = SandboxSlashCommand.TryParseOptions("ask", text, AskOptions, out IReadOnlyList<EmulatorCommandOption> options, out string? error);

        Assert.That((parsed, error), Is.EqualTo((true, (string?)null)));
        Assert.That(string.Join("|", options.Select(o => $"{o.Name}={o.Value}")), Is.EqualTo(expected));
    }

    [TestCase("ask", "hi private:true private:false", "/ask got private twice")]
    [TestCase("ask", "hi private:", "/ask: private: needs a value")]
    [TestCase("ping", "now", "/ping takes no options")]
    public void TryParseOptions_Malformed_SaysWhy(string command, string text, string expected)
    {
        string[] names = command == "ping" ? [] : AskOptions;

        bool parsed = SandboxSlashCommand.TryParseOptions(command, text, names, out _, out string? error);

        Assert.That((parsed, error), Is.EqualTo((false, expected)));
    }
}
