using System.Globalization;
using System.Text;
using AndyAI.Emulator.OpenAi;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// The sandbox's answer when no model is configured. Deterministic, and honest: it says it is not a language
/// model and how to connect one, then reflects what the user wrote. <c>long</c> gets a long Markdown answer with
/// a code block, so message splitting can be seen, and <c>continue</c> its rest once the output limit cut it.
/// </summary>
internal static class OfflineResponder
{
    public const string Disclaimer =
        "(Offline responder — not a language model. Set OPENAI_API_KEY, or OPENAI_BASE_URL for a local " +
        "OpenAI-compatible server such as Ollama, llama.cpp's llama-server, vLLM or LM Studio, for real answers.)";

    public static string Respond(OpenAiFakeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string prompt = request.LastUserMessage.Trim();
        if (string.Equals(prompt, "long", StringComparison.OrdinalIgnoreCase))
        {
            return LongAnswer();
        }

        if (prompt.StartsWith("continue", StringComparison.OrdinalIgnoreCase) && RestOfLongAnswer(request) is { } rest)
        {
            return rest;
        }

        int words = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        int earlierMessages = request.Messages.Count(m => m.Role is "user" or "assistant") - 1;
        string quoted = prompt.Length <= 200 ? prompt : prompt[..200] + "…";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"You asked: “{quoted}” ({prompt.Length} characters, {words} word{(words == 1 ? "" : "s")}");
        if (earlierMessages > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", after {earlierMessages} earlier message{(earlierMessages == 1 ? "" : "s")} of conversation");
        }

        text.Append(").\n").Append(Disclaimer).Append("\nSay `long` to see a long answer split across messages.");
        return text.ToString();
    }

    /// <summary>
    /// After a long answer cut at the output limit, "continue" gets the rest, from the start of the line it was cut
    /// in (with its code block reopened), as a model asked to continue would, and "continue exactly where…" the rest
    /// from the very character; null when the last answer was not a cut long answer.
    /// </summary>
    private static string? RestOfLongAnswer(OpenAiFakeRequest request)
    {
        OpenAiFakeMessage? previous = request.Messages.LastOrDefault(m => m.Role == "assistant");
        string full = LongAnswer();
        if (previous is null || previous.Content.Length >= full.Length || !full.StartsWith(previous.Content, StringComparison.Ordinal))
        {
            return null;
        }

        // /ask's Continue button asks to go on "exactly where your previous answer stopped" and reopens the code
        // block itself; a user's "continue" gets what a chat model writes: the cut line again, in its block.
        if (request.LastUserMessage.Contains("exactly where", StringComparison.OrdinalIgnoreCase))
        {
            return full[previous.Content.Length..];
        }

        string shown = previous.Content[..(previous.Content.LastIndexOf('\n') + 1)];
        bool inCodeBlock = shown.Split("```").Length % 2 == 0;
        return (inCodeBlock ? "```csharp\n" : "") + full[shown.Length..];
    }

    private static string LongAnswer()
    {
        var text = new StringBuilder("# A long answer\n\n").Append(Disclaimer).Append("\n\n");
        for (int section = 1; section <= 6; section++)
        {
            text.Append(CultureInfo.InvariantCulture, $"## Part {section}\n\n");
            for (int sentence = 0; sentence < 6; sentence++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Sentence {sentence + 1} of part {section} is here so that the answer grows past Discord's 2000-character limit. ");
            }

            text.Append("\n\n");
            if (section == 3)
            {
                text.Append("```csharp\n");
                for (int line = 1; line <= 25; line++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"Console.WriteLine(\"line {line} of a code block that may be split across messages\");\n");
                }

                text.Append("```\n\n");
            }
        }

        return text.ToString();
    }
}
