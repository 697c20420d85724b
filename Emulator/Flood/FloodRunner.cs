using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text.Json;
using AndyAI.Emulator.Gateway;
using AndyAI.Emulator.Payloads;
using AndyAI.Emulator.World;

namespace AndyAI.Emulator;

/// <summary>
/// Streams synthetic MESSAGE_CREATE dispatches to every live session. Each connection lends at most a fixed
/// number of in-flight frames (flood credits), so server memory stays bounded however slowly the client reads.
/// Flood messages are not stored in the world and not recorded; they do take sequence numbers and sit in the
/// (bounded) replay buffer, so a resume mid-flood still works.
/// </summary>
internal sealed class FloodRunner(EmulatorWorld world, GatewayHub hub, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private long _sent;
    private long _total;
    private long _startedAt;
    private long _elapsedTicks;
    private int _running;

    public bool Running => Volatile.Read(ref _running) != 0;
    public long Sent => Interlocked.Read(ref _sent);
    public long Total => Interlocked.Read(ref _total);
    public TimeSpan Elapsed => Running ? time.GetElapsedTime(Interlocked.Read(ref _startedAt)) : TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));
    public FloodResult? LastResult { get; private set; }
    public string? LastError { get; private set; }

    public void Cancel() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    public async Task<FloodResult> RunAsync(FloodOptions options, ulong defaultChannelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        ulong channelId = options.ChannelId ?? defaultChannelId;
        if (!world.ChannelExists(channelId))
        {
            throw new ArgumentException($"Unknown channel {channelId}.", nameof(options));
        }
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("A flood is already running.");
        }
        try
        {
            LastError = null;
            return LastResult = await RunCoreAsync(options, channelId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LastError = ex.Message;
            throw;
        }
        finally
        {
            Interlocked.Exchange(ref _elapsedTicks, time.GetElapsedTime(Interlocked.Read(ref _startedAt)).Ticks);
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task<FloodResult> RunCoreAsync(FloodOptions options, ulong channelId, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        CancellationToken ct = linked.Token;
        ulong? guildId = world.GuildOfChannel(channelId);
        int intent = guildId is null ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages;
        GatewaySession[] sessions = [.. hub.LiveSessions.Where(s => (s.Intents & intent) != 0 && s.HandlesGuild(guildId))];
        if (sessions.Length == 0)
        {
            throw new InvalidOperationException("No identified gateway session receives messages in that channel; connect a client first.");
        }

        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _total, options.Count);
        Interlocked.Exchange(ref _startedAt, time.GetTimestamp());

        JsonUser[] authors = new JsonUser[options.AuthorCount];
        for (int i = 0; i < authors.Length; i++)
        {
            authors[i] = new JsonUser { Id = world.Ids.Next(), Username = "flooder" + i, GlobalName = "Flooder " + i };
        }
        JsonUser bot = world.BotUserJson();
        JsonUser[] mentionsBot = [bot];
        string mentionContent = "<@" + EmulatorWorld.Id(world.BotUserId) + "> " + options.Content;
        var message = new JsonMessage
        {
            ChannelId = channelId,
            GuildId = guildId is { } g ? EmulatorWorld.Id(g) : null,
            Member = guildId is null ? null : new JsonMember { JoinedAt = EmulatorWorld.Iso(time.GetUtcNow()) },
        };
        message.ReferencedMessage = null;
        var buffer = new ArrayBufferWriter<byte>(1024);
        var stripped = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer);
        using var strippedWriter = new Utf8JsonWriter(stripped);
        long mentions = 0;

        for (int i = 0; i < options.Count; i++)
        {
            bool mention = options.MentionEvery > 0 && i % options.MentionEvery == options.MentionEvery - 1;
            ulong id = world.Ids.Next();
            message.Id = id;
            message.Author = authors[i % authors.Length];
            message.Content = mention ? mentionContent : options.Content;
            message.Mentions = mention ? mentionsBot : [];
            message.Timestamp = EmulatorWorld.Iso(Snowflakes.TimestampOf(id));
            buffer.ResetWrittenCount();
            writer.Reset();
            JsonSerializer.Serialize(writer, message, EmulatorJson.Context.JsonMessage);
            bool strippedReady = false;
            if (mention)
            {
                mentions++;
            }

            foreach (GatewaySession session in sessions)
            {
                ReadOnlySpan<byte> d;
                if (mention || guildId is null || (session.Intents & GatewayIntentBits.MessageContent) != 0)
                {
                    d = buffer.WrittenSpan;
                }
                else
                {
                    if (!strippedReady)
                    {
                        string content = message.Content;
                        message.Content = "";
                        stripped.ResetWrittenCount();
                        strippedWriter.Reset();
                        JsonSerializer.Serialize(strippedWriter, message, EmulatorJson.Context.JsonMessage);
                        message.Content = content;
                        strippedReady = true;
                    }
                    d = stripped.WrittenSpan;
                }
                await SendAsync(session, d.ToArray(), ct);
            }
            Interlocked.Increment(ref _sent);
        }

        // Done when every connection has written its last flood frame (all credits back) or went away.
        foreach (GatewaySession session in sessions)
        {
            while (session.Connection is { } c && !c.Closed.IsCancellationRequested && c.FloodCredits.CurrentCount < GatewayConnectionCredits(c))
            {
                await Task.Delay(1, ct);
            }
        }
        return new FloodResult(Sent, mentions, time.GetElapsedTime(Interlocked.Read(ref _startedAt)));
    }

    private static int GatewayConnectionCredits(GatewayConnection connection) => GatewayConnection.InitialFloodCredits;

    private static async ValueTask SendAsync(GatewaySession session, byte[] d, CancellationToken ct)
    {
        GatewayConnection? connection = session.Connection;
        if (connection is null)
        {
            // Disconnected: buffer for resume without pacing (the replay buffer is bounded).
            session.Dispatch("MESSAGE_CREATE", d);
            return;
        }
        if (!connection.FloodCredits.Wait(0, CancellationToken.None))
        {
            try
            {
                using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, connection.Closed);
                await connection.FloodCredits.WaitAsync(both.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                session.Dispatch("MESSAGE_CREATE", d);
                return;
            }
        }
        session.Dispatch("MESSAGE_CREATE", d, connection, connection.FloodCredits);
    }
}
