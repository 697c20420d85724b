using System.Diagnostics;
using System.Globalization;

namespace AndyAI.BotBench;

/// <summary>
/// The real bot (AndyAI.Host.dll) as a child process, so that its CPU time and peak RSS are its own. CPU comes from
/// /proc/&lt;pid&gt;/stat (utime + stime, every thread), memory from /proc/&lt;pid&gt;/status (VmRSS, VmHWM).
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private static readonly double TicksPerSecond = ClockTicks();
    private readonly Process _process;

    private BotProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="cpu">A CPU list for taskset (e.g. "1") to pin the bot to, or null to leave it unpinned.</param>
    public static BotProcess Start(string hostDll, string workingDirectory, IReadOnlyDictionary<string, string> environment, string logPrefix, string? cpu = null)
    {
        // taskset execs dotnet in place, so the process id (and its /proc CPU and memory) stays the bot's own.
        var info = new ProcessStartInfo(cpu is null ? "dotnet" : "taskset")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (cpu is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpu);
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(hostDll);
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start the bot process");
        var stdout = new StreamWriter(logPrefix + ".stdout.log") { AutoFlush = true };
        var stderr = new StreamWriter(logPrefix + ".stderr.log") { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string? pidFile = Environment.GetEnvironmentVariable("BOTBENCH_PIDFILE");
        if (!string.IsNullOrEmpty(pidFile))
        {
            File.AppendAllText(pidFile, process.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        }

        return new BotProcess(process);
    }

    /// <summary>User + system CPU time of the whole process so far.</summary>
    public TimeSpan CpuTime()
    {
        string stat = File.ReadAllText($"/proc/{Id}/stat");
        string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>A /proc/&lt;pid&gt;/status field in MB (VmRSS = now, VmHWM = peak).</summary>
    public double StatusMb(string field)
    {
        foreach (string line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException($"no {field} in /proc/{Id}/status");
    }

    /// <summary>
    /// Fields of /proc/&lt;pid&gt;/smaps_rollup in MB: Rss, Pss (shared pages divided among their users) and
    /// Private_Dirty (what only this process holds and the kernel can neither share nor drop).
    /// </summary>
    public Dictionary<string, double> RollupMb()
    {
        var fields = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines($"/proc/{Id}/smaps_rollup"))
        {
            string[] parts = line.Split(':', 2);
            if (parts.Length == 2 && parts[0] is "Rss" or "Pss" or "Private_Dirty" or "Private_Clean" or "Shared_Clean" or "Anonymous")
            {
                fields[parts[0]] = long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return fields;
    }

    /// <summary>SIGTERM (graceful host shutdown), then SIGKILL after the grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (Process? kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    if (kill is not null) await kill.WaitForExitAsync();
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static double ClockTicks()
    {
        try
        {
            using Process? getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true });
            string? text = getconf?.StandardOutput.ReadToEnd().Trim();
            getconf?.WaitForExit();
            return double.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out double hz) && hz > 0 ? hz : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
