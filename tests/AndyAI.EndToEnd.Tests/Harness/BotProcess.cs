using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AndyAI.EndToEnd.Tests.Harness;

/// <summary>
/// The bot as a separate OS process (<c>dotnet AndyAI.Host.dll</c>, copied next to the tests), so a test can kill it
/// as <c>kill -9</c> would. It gets its own folder (plugins/, plugins.json, data/, logs/) and an HTTP listener on a
/// free loopback port, whose <c>/readyz</c> tells which shards it holds.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BotProcess(string name, string root, int port, Process process)
    {
        Name = name;
        Root = root;
        Port = port;
        _process = process;
    }

    public string Name { get; }

    public string Root { get; }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the host with the fixed variables in <paramref name="environment"/>, in a new folder with the cogs of <paramref name="setup"/>.</summary>
    public static BotProcess Start(string name, BotSetup setup, IReadOnlyDictionary<string, string> environment)
    {
        string root = Path.Combine(Path.GetTempPath(), "andyai-e2e", "cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        Directory.CreateDirectory(Path.Combine(root, "logs"));
        foreach ((string project, string folder) in setup.Cogs)
        {
            string target = Directory.CreateDirectory(Path.Combine(root, "plugins", folder)).FullName;
            foreach (string file in Directory.EnumerateFiles(BotHarness.CogBuild(project))) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(root, "plugins.json"), BotHarness.PluginsJson(setup));
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AndyAI.Host.dll"));
        foreach ((string key, string value) in setup.Environment) start.Environment[key] = value;
        foreach ((string key, string value) in environment) start.Environment[key] = value;
        start.Environment["PLUGINS_CONFIG"] = Path.Combine(root, "plugins.json");
        start.Environment["LOG_FILE"] = Path.Combine(root, "logs", "andyai.log");
        start.Environment["HTTP_ADDRESS"] = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        start.Environment["INSTANCE_NAME"] = name;
        start.Environment["Plugins__ShadowCopyDirectory"] = Path.Combine(root, "shadow");

        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var bot = new BotProcess(name, root, port, process);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>The shards this process holds that are READY now, from <c>/readyz</c>; empty while it does not answer.</summary>
    public async Task<IReadOnlyList<int>> ReadyShardsAsync()
    {
        using JsonDocument? readiness = await ReadinessAsync();
        if (readiness is null) return [];
        return [.. readiness.RootElement.GetProperty("shards").EnumerateArray()
            .Where(s => s.GetProperty("state").GetString() == "Ready")
            .Select(s => s.GetProperty("id").GetInt32())];
    }

    /// <summary>The <c>cluster.state</c> of <c>/readyz</c> (<c>connected</c>, <c>unreachable</c>), or <see langword="null"/> while it does not answer.</summary>
    public async Task<string?> ClusterStateAsync()
    {
        using JsonDocument? readiness = await ReadinessAsync();
        return readiness?.RootElement.TryGetProperty("cluster", out JsonElement cluster) == true ? cluster.GetProperty("state").GetString() : null;
    }

    private async Task<JsonDocument?> ReadinessAsync()
    {
        if (_process.HasExited) return null;
        try
        {
            using HttpResponseMessage response = await Http.GetAsync(new Uri($"http://127.0.0.1:{Port}/readyz"));
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: no close frames, no lease release, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Closing stdin is not a stop signal for a Discord-mode host; it is only a test process: kill it.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
