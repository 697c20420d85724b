using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AndyAI.Storage.Tests;

/// <summary>
/// A throw-away PostgreSQL cluster from the distribution's binaries (apt package <c>postgresql</c>): initdb in a temp
/// directory, a free 127.0.0.1 port, password (SCRAM) login over TCP. PostgreSQL refuses to run as root, so as root
/// the cluster runs as the package's <c>postgres</c> user. One per test assembly; tests create their own databases.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    public const string User = "andyai";
    public const string Password = "pg-test-Secr3t";

    private readonly string _bin;
    private readonly string _root;
    private readonly string? _runAs;

    private PostgresCluster(string bin, string root, string? runAs, int port)
    {
        _bin = bin;
        _root = root;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>An Npgsql connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Password = Password, Database = database, Pooling = true, Timeout = 5 }.ToString();

    /// <summary>A <c>postgres://</c> URL for <paramref name="database"/>.</summary>
    public string Url(string database) => string.Create(CultureInfo.InvariantCulture, $"postgres://{User}:{Password}@127.0.0.1:{Port}/{database}");

    public static async Task<PostgresCluster> StartAsync()
    {
        string bin = FindBinaries();
        string root = Path.Combine(Path.GetTempPath(), "andyai-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        string? runAs = Environment.UserName == "root" ? "postgres" : null;
        await File.WriteAllTextAsync(Path.Combine(root, "pwfile"), Password + "\n");
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", runAs, root], runAs: null);
        }

        var cluster = new PostgresCluster(bin, root, runAs, FreePort());
        await cluster.RunToolAsync("initdb", ["-D", cluster.DataDirectory, "-U", User, "--pwfile", Path.Combine(root, "pwfile"),
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>Starts the server (again, after <see cref="StopServerAsync"/>) on the same port and data.</summary>
    public Task StartServerAsync() => RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
        "-o", string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"), "start"]);

    /// <summary>Stops the server at once (an outage, as far as clients can tell).</summary>
    public Task StopServerAsync() => RunToolAsync("pg_ctl", ["-D", DataDirectory, "-w", "-m", "fast", "stop"]);

    /// <summary>A new, empty database; returns its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = "t_" + Guid.NewGuid().ToString("N")[..16];
        // Unpooled: a pooled connection would not survive StopServerAsync.
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-w", "-m", "immediate", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments) => RunAsync(Path.Combine(_bin, tool), arguments, _runAs);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, string? runAs)
    {
        var start = new ProcessStartInfo(runAs is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (runAs is not null)
        {
            foreach (string part in (string[])["-u", runAs, "--", file])
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error} {await output}");
        }
    }

    private static string FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        string? bin = Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries were not found under /usr/lib/postgresql/<version>/bin: install the postgresql package (apt-get install -y postgresql; .ci/run does)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
