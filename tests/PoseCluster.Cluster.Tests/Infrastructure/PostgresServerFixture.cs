using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server for the tests: initdb into a temp dir, started on a free loopback port with trust
/// auth and its unix socket inside the temp dir. initdb refuses to run as root, so as root the server runs as the
/// <c>postgres</c> system user (runuser); as a normal user it runs as that user. Restart/Stop/Start inject faults.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "posecluster-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly bool _asRoot = Environment.UserName == "root";
    private string _bin = "";

    public int Port { get; private set; }

    private string DataDir => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "server.log");

    public string AdminConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(_root);
        if (_asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _root], asPostgres: false);
        }

        Port = FreePort();
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asPostgres: true);
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Starts the server (waits until it accepts connections).</summary>
    public Task StartAsync() => RunAsync(
        Path.Combine(_bin, "pg_ctl"),
        ["-D", DataDir, "-l", LogFile, "-w", "-t", "30", "-o", ServerOptions(), "start"],
        asPostgres: true);

    /// <summary>Stops the server (fast: clients are disconnected).</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "fast", "-w", "stop"], asPostgres: true);

    /// <summary>Restarts the server; every client connection breaks.</summary>
    public Task RestartAsync() => RunAsync(
        Path.Combine(_bin, "pg_ctl"),
        ["-D", DataDir, "-l", LogFile, "-m", "fast", "-w", "-t", "30", "-o", ServerOptions(), "restart"],
        asPostgres: true);

    /// <summary>A fresh database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database {name}", connection);
        await create.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    /// <summary>Closes every connection whose application_name is <paramref name="applicationName"/>, as a crash would.</summary>
    public async Task TerminateConnectionsAsync(string applicationName)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = @a and pid <> pg_backend_pid()", connection);
        kill.Parameters.AddWithValue("a", applicationName);
        await kill.ExecuteScalarAsync();
    }

    private static string FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("POSECLUSTER_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(Path.Combine(fromEnvironment, "pg_ctl")))
        {
            return fromEnvironment;
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            foreach (var dir in Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal))
            {
                var bin = Path.Combine(dir, "bin");
                if (File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "initdb")))
                {
                    return bin;
                }
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries not found: install postgresql (Debian: apt-get install postgresql) or set POSECLUSTER_PG_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string ServerOptions() =>
        $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";

    private async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        if (asPostgres && _asRoot)
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = file;
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stdout}{await stderr}\n{log[Math.Max(0, log.Length - 2000)..]}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
