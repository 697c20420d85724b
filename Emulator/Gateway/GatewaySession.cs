namespace AndyAI.Emulator.Gateway;

/// <summary>
/// A gateway session: its sequence counter and a bounded buffer of recent dispatches for RESUME. It outlives
/// connections: dispatches produced while no connection is attached are buffered and replayed on resume.
/// </summary>
internal sealed class GatewaySession(string id, int intents, int shardId, int shardCount, int replayCapacity, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<(long Sequence, string EventName, byte[] Frame)> _replay = new();
    private long _sequence;
    private GatewayConnection? _connection;
    private long _detachedAt = time.GetTimestamp();

    public string Id { get; } = id;
    public int Intents { get; } = intents;
    public int ShardId { get; } = shardId;
    public int ShardCount { get; } = shardCount;
    public bool Ended { get; private set; }

    public GatewayConnection? Connection
    {
        get
        {
            lock (_gate)
            {
                return _connection;
            }
        }
    }

    public long Sequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    public bool HandlesGuild(ulong? guildId) =>
        guildId is not { } g ? ShardId == 0 : (int)((g >> 22) % (ulong)ShardCount) == ShardId;

    public void Attach(GatewayConnection connection)
    {
        lock (_gate)
        {
            _connection = connection;
        }
    }

    /// <summary>Assigns the next sequence number, buffers the frame, and queues it on the attached connection.</summary>
    public void Dispatch(string eventName, ReadOnlySpan<byte> d, GatewayConnection? creditOwner = null, SemaphoreSlim? credit = null)
    {
        lock (_gate)
        {
            if (Ended)
            {
                credit?.Release();
                return;
            }
            long seq = ++_sequence;
            byte[] frame = GatewayFrames.BuildDispatch(eventName, seq, d);
            _replay.Enqueue((seq, eventName, frame));
            if (_replay.Count > replayCapacity)
            {
                _replay.Dequeue();
            }
            GatewayConnection? connection = _connection;
            bool creditApplies = credit is not null && ReferenceEquals(connection, creditOwner);
            if (credit is not null && !creditApplies)
            {
                credit.Release();
            }
            connection?.Send(new OutFrame
            {
                Data = frame,
                Opcode = GatewayFrames.Dispatch,
                EventName = eventName,
                Sequence = seq,
                Record = credit is null,
                Credit = creditApplies ? credit : null,
            });
        }
    }

    public enum ResumeResult
    {
        Resumed,
        SessionInvalid,
        InvalidSequence,
    }

    /// <summary>Attaches <paramref name="connection"/>, replays everything after <paramref name="lastSequence"/> in order, then RESUMED.</summary>
    public ResumeResult TryResume(GatewayConnection connection, long lastSequence, TimeSpan resumeWindow, out GatewayConnection? previous)
    {
        previous = null;
        lock (_gate)
        {
            if (Ended || (_connection is null && time.GetElapsedTime(_detachedAt) > resumeWindow))
            {
                return ResumeResult.SessionInvalid;
            }
            if (lastSequence > _sequence || lastSequence < 0)
            {
                return ResumeResult.InvalidSequence;
            }
            // Replay must be gap-free: if the buffer no longer holds lastSequence + 1, the session cannot resume.
            if (lastSequence < _sequence && (_replay.Count == 0 || _replay.Peek().Sequence > lastSequence + 1))
            {
                return ResumeResult.SessionInvalid;
            }
            previous = _connection is { } old && !ReferenceEquals(old, connection) ? old : null;
            _connection = connection;
            foreach ((long seq, string name, byte[] frame) in _replay)
            {
                if (seq > lastSequence)
                {
                    connection.Send(new OutFrame { Data = frame, Opcode = GatewayFrames.Dispatch, EventName = name, Sequence = seq });
                }
            }
            long resumedSeq = ++_sequence;
            byte[] resumed = GatewayFrames.BuildDispatch("RESUMED", resumedSeq, "{\"_trace\":[\"[\\\"andyai-emulator\\\"]\"]}"u8);
            _replay.Enqueue((resumedSeq, "RESUMED", resumed));
            if (_replay.Count > replayCapacity)
            {
                _replay.Dequeue();
            }
            connection.Send(new OutFrame { Data = resumed, Opcode = GatewayFrames.Dispatch, EventName = "RESUMED", Sequence = resumedSeq });
            return ResumeResult.Resumed;
        }
    }

    public void Detach(GatewayConnection connection)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
                _detachedAt = time.GetTimestamp();
            }
        }
    }

    public bool IsExpired(TimeSpan resumeWindow)
    {
        lock (_gate)
        {
            return Ended || (_connection is null && time.GetElapsedTime(_detachedAt) > resumeWindow);
        }
    }

    public void End()
    {
        lock (_gate)
        {
            Ended = true;
            _replay.Clear();
        }
    }
}
