using System.Globalization;
using System.Text.RegularExpressions;
using AndyAI.Emulator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Sandbox;

/// <summary>How the chat paces itself. Every value is a wait for the bot, never a measurement.</summary>
/// <param name="Poll">How often the emulator's recordings are read.</param>
/// <param name="StreamSettle">Non-interactive: a message is printed once unchanged this long (a stream edits about every second).</param>
/// <param name="EditSettle">Interactive: an edit is printed once unchanged this long.</param>
/// <param name="AnswerQuiet">After the bot's last activity, how long it must stay quiet before the next piped line is posted.</param>
/// <param name="NoAnswer">How long a piped line waits when the bot shows no activity at all.</param>
internal sealed record SandboxPacing(TimeSpan Poll, TimeSpan StreamSettle, TimeSpan EditSettle, TimeSpan AnswerQuiet, TimeSpan NoAnswer)
{
    public static SandboxPacing Default { get; } = new(
        TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
}
