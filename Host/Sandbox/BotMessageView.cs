using System.Text;

namespace AndyAI.Host.Sandbox;

/// <summary>What the chat knows about one of the bot's messages at one poll.</summary>
/// <param name="Id">Message id.</param>
/// <param name="ChannelId">Channel it is in.</param>
/// <param name="Place">Where, as shown: <c>#general</c> or <c>DM</c>.</param>
/// <param name="RepliesTo">The text of the user message it replies to, or null when it is not a reply.</param>
/// <param name="Version">How many contents it has had (1 = never edited).</param>
/// <param name="Content">Current content.</param>
/// <param name="IsDeleted">Whether the bot deleted it.</param>
/// <param name="RepliesToId">The id of the message it replies to (an answer split over several messages shares it).</param>
/// <param name="OnlyFor">For an ephemeral message, who alone sees it (<c>you</c>, <c>alice</c>…); null for everyone.</param>
/// <param name="IsThinking">An interaction's "thinking…" placeholder (a defer not yet replaced).</param>
/// <param name="Buttons">The labels of its buttons, in order (what <c>:press n</c> numbers).</param>
/// <param name="Files">Its attached files as shown (<c>andyai-mydata.json (1.2 KB)</c>), in order.</param>
/// <param name="Menus">Its select menus as shown (<see cref="SandboxPick.Describe"/>), in order (what <c>:pick n</c> numbers).</param>
internal readonly record struct BotMessageView(ulong Id, ulong ChannelId, string Place, string? RepliesTo, int Version, string Content, bool IsDeleted,
    ulong? RepliesToId = null, string? OnlyFor = null, bool IsThinking = false, IReadOnlyList<string>? Buttons = null, IReadOnlyList<string>? Files = null,
    IReadOnlyList<string>? Menus = null);
