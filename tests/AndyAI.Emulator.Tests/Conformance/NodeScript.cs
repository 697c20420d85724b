using System.Collections.Concurrent;
using System.Diagnostics;

namespace AndyAI.Emulator.Tests.Conformance;

/// <summary>A node process whose stdout is JSON lines; events are kept and can be awaited.</summary>
internal sealed class NodeScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<NodeEvent> _events = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private NodeScript(Process process)
    {
        _process = process;
    }

    public IReadOnlyList<NodeEvent> Events => [.. _events];

    public static NodeScript Start(string workingDirectory, string script, IDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string k, string v) in env)
        {
            psi.Environment[k] = v;
        }
        var process = new Process { StartInfo = psi };
        var script1 = new NodeScript(process);
        process.OutputDataReceived += (_, e) => script1.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                script1._stderr.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return script1;
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            _events.Enqueue(new NodeEvent(doc.RootElement.Clone()));
        }
        catch (JsonException)
        {
            _stderr.Enqueue("stdout (not JSON): " + line);
        }
        _arrived.Release();
    }

    public async Task<JsonElement> WaitForAsync(Func<NodeEvent, bool> predicate, TimeSpan timeout, int skip = 0)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            NodeEvent? match = _events.Where(predicate).Skip(skip).FirstOrDefault();
            if (match is not null)
            {
                return match.Raw;
            }
            try
            {
                await _arrived.WaitAsync(cts.Token); // released once per line: every event gets a re-scan
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("node did not report the expected event in time.\nevents:\n" + string.Join("\n", _events.Select(e => e.Raw.ToString()))
                    + "\nstderr:\n" + string.Join("\n", _stderr) + (_process.HasExited ? $"\nnode exited with {_process.ExitCode}" : ""));
            }
        }
    }

    public async Task CloseInputAsync()
    {
        _process.StandardInput.Close();
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _arrived.Dispose();
    }
}
