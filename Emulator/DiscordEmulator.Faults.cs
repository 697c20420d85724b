using AndyAI.Emulator.Gateway;

namespace AndyAI.Emulator;

public sealed partial class DiscordEmulator
{
    /// <summary>Drops every gateway socket without a close frame (the client sees an abnormal closure). Sessions stay resumable.</summary>
    /// <returns>The number of connections dropped.</returns>
    public int DropGatewayConnections() => _hub.ForEachConnection(c => c.Abort());

    /// <summary>Sends op 7 RECONNECT on every connection. Sessions stay resumable.</summary>
    public int SendReconnect() => _hub.ForEachConnection(c => c.SendOp(GatewayFrames.Reconnect, "null"));

    /// <summary>Sends op 1 HEARTBEAT (a heartbeat request); clients must answer with a heartbeat at once.</summary>
    public int RequestHeartbeat() => _hub.ForEachConnection(c => c.SendOp(GatewayFrames.Heartbeat, "null"));

    /// <summary>Sends op 9 INVALID_SESSION with <paramref name="resumable"/>; with false the sessions end.</summary>
    public void SendInvalidSession(bool resumable) => _hub.InvalidateSessions(resumable);

    /// <summary>Stops answering heartbeats on the connections open now (new connections are ACKed normally).</summary>
    public int WithholdHeartbeatAcks() => _hub.ForEachConnection(c => c.WithholdAcks = true);

    /// <summary>Answers heartbeats again on every open connection.</summary>
    public int ResumeHeartbeatAcks() => _hub.ForEachConnection(c => c.WithholdAcks = false);

    /// <summary>Closes every gateway connection with <paramref name="code"/> (e.g. 4000, 4009, 1000). Codes Discord
    /// documents as ending the session (1000, 1001, 4004, 4007, 4009–4014) end it; others leave it resumable.</summary>
    public int CloseGatewayConnections(int code, string reason = "Closed by the emulator.")
    {
        if (code is < 1000 or > 4999)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "WebSocket close codes are 1000-4999.");
        }
        ArgumentNullException.ThrowIfNull(reason);
        return _hub.ForEachConnection(c => c.Close(code, reason));
    }

    /// <summary>Delays every dispatch by <paramref name="delay"/> before it is sent (<see cref="TimeSpan.Zero"/> to stop).</summary>
    public void DelayDispatches(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _hub.DispatchDelay = delay;
    }

    /// <summary>Holds new gateway WebSocket upgrades until <see cref="ReleaseGatewayConnections"/>, so a test can act
    /// while the client is disconnected (e.g. post messages it must receive after resuming).</summary>
    public void HoldGatewayConnections() => _hub.HoldAccepts();

    /// <summary>Lets held and new gateway connections through.</summary>
    public void ReleaseGatewayConnections() => _hub.ReleaseAccepts();

    /// <summary>Answers the next <paramref name="count"/> REST requests with <paramref name="fault"/> (queued after earlier
    /// injections). For 429s, <paramref name="retryAfter"/> is the <c>retry_after</c> (default 1 s).</summary>
    public void FailNextRestRequests(int count, RestFault fault, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!Enum.IsDefined(fault))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault.");
        }
        _limiter.InjectFaults(fault, count, retryAfter ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>Drops REST faults not yet used.</summary>
    public void ClearRestFaults() => _limiter.ClearFaults();

    /// <summary>Delays every REST response by <paramref name="delay"/> (<see cref="TimeSpan.Zero"/> to stop).</summary>
    public void SlowRestResponses(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _rest.SlowResponses = delay;
    }

    /// <summary>Changes which privileged intents (<see cref="GatewayIntentBits.PrivilegedMask"/> bits) the application has;
    /// applies to the next IDENTIFY (not granted → close 4014).</summary>
    public void SetGrantedPrivilegedIntents(int intents)
    {
        if ((intents & ~GatewayIntentBits.PrivilegedMask) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intents), intents, "Only GuildMembers, GuildPresences and MessageContent are privileged.");
        }
        _hub.GrantedPrivilegedIntents = intents;
    }
}
