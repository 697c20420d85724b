namespace AndyAI.Host.Sandbox;

/// <summary>What a line typed in the sandbox asks for.</summary>
internal enum SandboxInputKind
{
    /// <summary>A blank line: nothing is sent.</summary>
    Empty,

    /// <summary>A message to #general (or, while a form is open, the form's next answer).</summary>
    Message,

    /// <summary><c>:dm text</c>: a direct message to the bot.</summary>
    DirectMessage,

    /// <summary><c>:reply text</c>: a reply to the bot's latest message in #general (in the DM after <c>:dm</c>).</summary>
    Reply,

    /// <summary><c>/name …</c>: one of the bot's slash commands, in #general.</summary>
    SlashCommand,

    /// <summary><c>:complete /name … option:text</c>: the suggestions the bot gives while the user types <c>text</c> into an autocomplete option.</summary>
    Autocomplete,

    /// <summary><c>:press n</c>: presses button <c>n</c> of the bot's latest message with buttons.</summary>
    Press,

    /// <summary><c>:pick n choices…</c>: picks in select menu <c>n</c> of the bot's latest message with menus.</summary>
    Pick,

    /// <summary><c>:cancel</c>: closes an open form without sending it.</summary>
    Cancel,

    /// <summary><c>:help</c>: the sandbox's own commands.</summary>
    Help,

    /// <summary><c>:quit</c>: stop the sandbox.</summary>
    Quit,

    /// <summary>A malformed or unknown sandbox command; <see cref="SandboxInput.Text"/> says why.</summary>
    Error,
}
