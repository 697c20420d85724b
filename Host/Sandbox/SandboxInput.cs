using System.Globalization;

namespace AndyAI.Host.Sandbox;

/// <summary>One parsed line of sandbox input.</summary>
internal readonly record struct SandboxInput(SandboxInputKind Kind, string Text, SandboxUser As)
{
    /// <summary>For a slash command, an autocomplete or a reply: typed after <c>:dm</c>, so it happens in the user's DM with the bot, not in #general.</summary>
    public bool InDirectMessage { get; init; }

    /// <summary>
    /// Parses a line. The sandbox's own commands start with <c>:</c> (<c>:help</c>, <c>:quit</c>, <c>:dm text</c>,
    /// <c>:reply text</c>, <c>:complete /name …</c>, <c>:press n</c>, <c>:pick n …</c>, <c>:cancel</c>, <c>:as user …</c> before any of the others), so every <c>/</c> is left to
    /// the bot's slash commands. A line starting with <c>:</c> that is none of these is an error, not a message, so
    /// a typo is not posted to the guild.
    /// </summary>
    public static SandboxInput Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string text = line.Trim();
        SandboxUser user = SandboxUser.Owner;
        if (IsCommand(text, ":as", out string rest))
        {
            int space = rest.IndexOf(' ', StringComparison.Ordinal);
            string name = space < 0 ? rest : rest[..space];
            if (!Enum.TryParse(name, ignoreCase: true, out user) || !Enum.IsDefined(user) || name.Length == 0 || char.IsDigit(name[0]))
            {
                return new(SandboxInputKind.Error, ":as needs a user: :as alice <text>, :as bob <text> or :as owner <text>", SandboxUser.Owner);
            }

            text = space < 0 ? "" : rest[(space + 1)..].Trim();
            if (text.Length == 0)
            {
                return new(SandboxInputKind.Error, $":as {name.ToLowerInvariant()} needs something to say", SandboxUser.Owner);
            }
        }

        if (text.Length == 0)
        {
            return new(SandboxInputKind.Empty, "", user);
        }

        if (IsCommand(text, ":dm", out string dm))
        {
            if (dm.Length == 0)
            {
                return new(SandboxInputKind.Error, ":dm needs a message: :dm <text>", user);
            }

            if (IsCommand(dm, ":reply", out string dmReply))
            {
                return Reply(dmReply, user, inDirectMessage: true);
            }

            if (IsCommand(dm, ":complete", out string dmComplete))
            {
                return Complete(dmComplete, user, inDirectMessage: true);
            }

            // As on Discord, a slash command typed in the DM runs there.
            return dm.Length > 1 && dm[0] == '/' && char.IsAsciiLetterOrDigit(dm[1])
                ? new(SandboxInputKind.SlashCommand, dm[1..], user) { InDirectMessage = true }
                : new(SandboxInputKind.DirectMessage, dm, user);
        }

        if (IsCommand(text, ":complete", out string complete))
        {
            return Complete(complete, user, inDirectMessage: false);
        }

        if (IsCommand(text, ":press", out string number))
        {
            return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                ? new(SandboxInputKind.Press, n.ToString(CultureInfo.InvariantCulture), user)
                : new(SandboxInputKind.Error, ":press needs a button's number: :press 1", user);
        }

        if (IsCommand(text, ":pick", out string pick))
        {
            int space = pick.IndexOf(' ', StringComparison.Ordinal);
            string menu = space < 0 ? pick : pick[..space];
            return int.TryParse(menu, NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m > 0
                ? new(SandboxInputKind.Pick, m.ToString(CultureInfo.InvariantCulture) + (space < 0 ? "" : " " + pick[(space + 1)..].Trim()), user)
                : new(SandboxInputKind.Error, ":pick needs a menu's number and the choices: :pick 1 red, :pick 2 @alice", user);
        }

        if (IsCommand(text, ":cancel", out _))
        {
            return new(SandboxInputKind.Cancel, "", user);
        }

        if (IsCommand(text, ":reply", out string reply))
        {
            return Reply(reply, user, inDirectMessage: false);
        }

        if (IsCommand(text, ":help", out _))
        {
            return new(SandboxInputKind.Help, "", user);
        }

        if (IsCommand(text, ":quit", out _) || IsCommand(text, ":exit", out _))
        {
            return new(SandboxInputKind.Quit, "", user);
        }

        if (text[0] == ':' && text.Length > 1 && char.IsAsciiLetter(text[1]))
        {
            return new(SandboxInputKind.Error, $"unknown sandbox command {text.Split(' ')[0]}; :help lists them", user);
        }

        if (text[0] == '/' && text.Length > 1 && char.IsAsciiLetterOrDigit(text[1]))
        {
            return new(SandboxInputKind.SlashCommand, text[1..], user);
        }

        return new(SandboxInputKind.Message, text, user);
    }

    private static SandboxInput Reply(string text, SandboxUser user, bool inDirectMessage)
    {
        string command = inDirectMessage ? ":dm :reply" : ":reply";
        return text.Length == 0
            ? new(SandboxInputKind.Error, $"{command} needs a message: {command} <text>", user)
            : new(SandboxInputKind.Reply, text, user) { InDirectMessage = inDirectMessage };
    }

    // As a slash command is typed: "/forecast country:France city:Ly" (the leading / may be left out).
    private static SandboxInput Complete(string text, SandboxUser user, bool inDirectMessage)
    {
        string command = text.StartsWith('/') ? text[1..] : text;
        string prefix = inDirectMessage ? ":dm :complete" : ":complete";
        return command.Length > 0 && char.IsAsciiLetterOrDigit(command[0])
            ? new(SandboxInputKind.Autocomplete, command, user) { InDirectMessage = inDirectMessage }
            : new(SandboxInputKind.Error, $"{prefix} needs a slash command and the option being typed, last: {prefix} /forecast country:France city:Ly", user);
    }

    private static bool IsCommand(string text, string command, out string rest)
    {
        rest = "";
        if (!text.StartsWith(command, StringComparison.OrdinalIgnoreCase) || (text.Length > command.Length && text[command.Length] != ' '))
        {
            return false;
        }

        rest = text[command.Length..].Trim();
        return true;
    }
}
