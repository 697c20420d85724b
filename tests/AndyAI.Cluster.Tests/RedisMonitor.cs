using System.Net.Sockets;
using System.Text;

namespace AndyAI.Cluster.Tests;

/// <summary>
/// Counts the commands clients send to a test's redis-server (round trips), from a <c>MONITOR</c> connection: a
/// step is bracketed by <see cref="MarkAsync"/>, which sends an <c>ECHO</c> marker on a connection of its own and
/// waits until the monitor has seen it, so counting needs no timing. Commands a script runs inside Redis and the
/// clients' housekeeping (PING, INFO, CLIENT, SUBSCRIBE …) are not counted.
/// </summary>
public sealed class RedisMonitor : IAsyncDisposable
{
    private static readonly HashSet<string> Housekeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        "ping", "echo", "info", "client", "cluster", "config", "hello", "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "sentinel", "script",
        "role", "select", "auth", "readonly", "quit", "command",
    };

    private readonly TcpClient _monitor;
    private readonly TcpClient _marker;
    private readonly StreamReader _lines;
    private readonly List<string> _commands = [];
    private int _marks;

    private RedisMonitor(TcpClient monitor, TcpClient marker)
    {
        _monitor = monitor;
        _marker = marker;
        _lines = new StreamReader(monitor.GetStream(), Encoding.UTF8);
    }

    /// <summary>Starts monitoring <paramref name="port"/> on loopback.</summary>
    public static async Task<RedisMonitor> StartAsync(int port)
    {
        var monitor = new TcpClient();
        await monitor.ConnectAsync("127.0.0.1", port);
        var marker = new TcpClient();
        await marker.ConnectAsync("127.0.0.1", port);
        var started = new RedisMonitor(monitor, marker);
        await monitor.GetStream().WriteAsync("MONITOR\r\n"u8.ToArray());
        string? ok = await started._lines.ReadLineAsync();
        if (ok != "+OK") throw new InvalidOperationException("MONITOR was refused: " + ok);
        return started;
    }

    /// <summary>
    /// Waits until every command sent before this call has been seen and returns those sent since the previous mark
    /// (the command and its first key: <c>evalsha 2 andyai:flight:…</c> for a script with two keys, <c>get andyai:…</c>),
    /// without housekeeping.
    /// </summary>
    public async Task<IReadOnlyList<string>> MarkAsync(CancellationToken cancellationToken = default)
    {
        string marker = "andyai-test-mark-" + ++_marks;
        byte[] echo = Encoding.UTF8.GetBytes($"*2\r\n$4\r\nECHO\r\n${marker.Length}\r\n{marker}\r\n");
        await _marker.GetStream().WriteAsync(echo, cancellationToken);
        _commands.Clear();
        while (await _lines.ReadLineAsync(cancellationToken) is { } line)
        {
            // +1733000000.123456 [0 127.0.0.1:51234] "evalsha" "…" … ; a script's own calls say [0 lua].
            int open = line.IndexOf('[', StringComparison.Ordinal);
            int close = line.IndexOf(']', open + 1);
            if (open < 0 || close < 0) continue;
            if (line.Contains(marker, StringComparison.Ordinal)) break;
            if (line.AsSpan(open, close - open).Contains(" lua", StringComparison.Ordinal)) continue;
            // "evalsha" "<sha>" "2" "andyai:shard:1:0:lease" … → evalsha 2 andyai:shard:1:0:lease; "get" "k" → get k.
            string[] words = line[(close + 1)..].Trim().Trim('"').Split("\" \"", 5);
            string command = words[0].ToLowerInvariant();
            if (Housekeeping.Contains(command)) continue;
            _commands.Add(command.StartsWith("eval", StringComparison.Ordinal)
                ? words.Length > 3 ? $"{command} {words[2]} {words[3]}" : command
                : words.Length > 1 ? command + " " + words[1] : command);
        }

        // Drain the marker's reply so its connection stays in step.
        byte[] reply = new byte[256];
        _ = await _marker.GetStream().ReadAsync(reply, cancellationToken);
        return [.. _commands];
    }

    public ValueTask DisposeAsync()
    {
        _lines.Dispose();
        _monitor.Dispose();
        _marker.Dispose();
        return ValueTask.CompletedTask;
    }
}
