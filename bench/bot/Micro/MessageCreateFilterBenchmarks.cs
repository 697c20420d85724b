using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace AndyAI.BotBench.Micro;

/// <summary>
/// The gateway's cheap MESSAGE_CREATE filter (AndyAI.Discord's internal <c>MessageCreateFilter.IsCandidate</c>) on
/// raw <c>d</c> bytes as the emulator sends them (~700 B): the common case is dropped before any JSON parsing.
/// The type is internal to the client, so the benchmark binds to it once through reflection (a delegate call, ~1 ns).
/// </summary>
[MemoryDiagnoser]
public class MessageCreateFilterBenchmarks
{
    private const ulong BotId = 1_300_000_000_000_000_001;

    private delegate bool IsCandidate(ReadOnlySpan<byte> data);

    private IsCandidate _isCandidate = null!;
    private byte[] _plain = [];
    private byte[] _mention = [];
    private byte[] _prefixed = [];

    [GlobalSetup]
    public void Setup()
    {
        Assembly discord = typeof(AndyAI.Discord.DiscordClientOptions).Assembly;
        Type filterType = discord.GetType("AndyAI.Discord.Gateway.MessageCreateFilter", throwOnError: true)!;
        object filter = Activator.CreateInstance(filterType, "!")!;
        // What the full bot subscribes to: mentions (MessageHandler), prefixed commands and DMs.
        filterType.GetMethod("SetInterests")!.Invoke(filter, [AndyAI.Abstractions.Discord.MessageInterest.Mentions | AndyAI.Abstractions.Discord.MessageInterest.Prefixed | AndyAI.Abstractions.Discord.MessageInterest.DirectMessages]);
        filterType.GetMethod("SetBotUserId")!.Invoke(filter, [BotId]);
        filterType.GetMethod("AddManagedRole")!.Invoke(filter, [1_300_000_000_000_000_077UL]);
        _isCandidate = filterType.GetMethod("IsCandidate")!.CreateDelegate<IsCandidate>(filter);
        _plain = Message("flood message", mentions: "");
        _mention = Message($"<@{BotId}> flood message", mentions: $"{{\"id\":\"{BotId}\",\"username\":\"AndyAI\",\"discriminator\":\"0\",\"global_name\":null,\"avatar\":null,\"bot\":true}}");
        _prefixed = Message("!ping", mentions: "");
        if (_isCandidate(_plain) || !_isCandidate(_mention) || !_isCandidate(_prefixed))
        {
            throw new InvalidOperationException("the filter does not classify the sample messages as expected");
        }
    }

    [Benchmark(Baseline = true, Description = "MESSAGE_CREATE filter: plain message (dropped)")]
    public bool Plain() => _isCandidate(_plain);

    [Benchmark(Description = "MESSAGE_CREATE filter: mention of the bot (kept)")]
    public bool Mention() => _isCandidate(_mention);

    [Benchmark(Description = "MESSAGE_CREATE filter: !prefixed command (kept)")]
    public bool Prefixed() => _isCandidate(_prefixed);

    private static byte[] Message(string content, string mentions) => Encoding.UTF8.GetBytes(
        "{\"type\":0,\"tts\":false,\"timestamp\":\"2026-11-26T12:00:00.000000+00:00\",\"pinned\":false,\"nonce\":null," +
        "\"mentions\":[" + mentions + "],\"mention_roles\":[],\"mention_everyone\":false," +
        "\"member\":{\"roles\":[],\"premium_since\":null,\"pending\":false,\"nick\":null,\"mute\":false,\"joined_at\":\"2026-11-26T11:00:00.000000+00:00\",\"flags\":0,\"deaf\":false,\"communication_disabled_until\":null,\"avatar\":null}," +
        "\"id\":\"1300000000123456789\",\"flags\":0,\"embeds\":[],\"edited_timestamp\":null," +
        "\"content\":\"" + content + "\",\"components\":[],\"channel_id\":\"1300000000000000010\"," +
        "\"author\":{\"username\":\"flood-user-42\",\"public_flags\":0,\"id\":\"1300000000000000542\",\"global_name\":\"Flood User 42\",\"discriminator\":\"0\",\"avatar_decoration_data\":null,\"avatar\":null}," +
        "\"attachments\":[],\"guild_id\":\"1300000000000000002\"}");
}
