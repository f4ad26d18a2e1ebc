using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PoseCluster.Cluster.Local;

/// <summary>
/// A private PostgreSQL server for a local cluster (<c>posecluster up</c>, <c>bench cluster</c>) and the tests:
/// <c>initdb</c> into its own folder, started on a loopback port with trust authentication and its unix socket inside
/// that folder. <c>initdb</c> refuses to run as root, so as root the server runs as the <c>postgres</c> system user
/// (<c>runuser</c>); otherwise as the current user. <see cref="StopAsync"/>, <see cref="StartAsync"/> and
/// <see cref="RestartAsync"/> also serve fault injection.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgresServerOptions _options;
    private readonly bool _asRoot = Environment.UserName == "root";
    private readonly string _root;
    private string _bin = "";
    private bool _initialized;

    /// <summary>Creates the server object; nothing happens until <see cref="InitializeAsync"/>.</summary>
    public PostgresServer(PostgresServerOptions? options = null)
    {
        _options = options ?? new PostgresServerOptions();
        _options.Validate();
        _root = _options.RootDirectory ?? Path.Combine(Path.GetTempPath(), "posecluster-pg-" + Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>The TCP port (known after <see cref="InitializeAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>The folder holding the data directory, log and socket.</summary>
    public string RootDirectory => _root;

    /// <summary>A superuser connection string to the <c>postgres</c> database (no pooling).</summary>
    public string AdminConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    /// <summary>
    /// The postmaster's process id while the server runs (from <c>postmaster.pid</c>), else null. <c>pg_ctl</c> starts
    /// it in its own session, so it is also the id of the server's process group.
    /// </summary>
    public int? ServerProcessId
    {
        get
        {
            try
            {
                var first = File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).FirstOrDefault();
                return int.TryParse(first, out var pid) ? pid : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    /// <summary>The server's log file (inside <see cref="RootDirectory"/>).</summary>
    public string LogFile => Path.Combine(_root, "server.log");

    private string DataDir => Path.Combine(_root, "data");

    /// <summary>Creates the data directory (first time only) and starts the server; waits until it accepts connections.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        _bin = FindBinaries(_options.BinDirectory);
        Directory.CreateDirectory(_root);
        if (_asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _root], asPostgres: false, cancellationToken).ConfigureAwait(false);
        }

        Port = _options.Port == 0 ? FreePort() : _options.Port;
        if (!File.Exists(Path.Combine(DataDir, "PG_VERSION")))
        {
            await RunAsync(
                Path.Combine(_bin, "initdb"),
                ["-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
                asPostgres: true,
                cancellationToken).ConfigureAwait(false);
        }

        _initialized = true;
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the server (waits until it accepts connections).</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => RunAsync(
        Path.Combine(_bin, "pg_ctl"),
        ["-D", DataDir, "-l", LogFile, "-w", "-t", "30", "-o", ServerOptions(), "start"],
        asPostgres: true,
        cancellationToken);

    /// <summary>Stops the server (fast: clients are disconnected).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "fast", "-w", "stop"], asPostgres: true, cancellationToken);

    /// <summary>Restarts the server; every client connection breaks.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => RunAsync(
        Path.Combine(_bin, "pg_ctl"),
        ["-D", DataDir, "-l", LogFile, "-m", "fast", "-w", "-t", "30", "-o", ServerOptions(), "restart"],
        asPostgres: true,
        cancellationToken);

    /// <summary>Creates a database (a fresh random name when <paramref name="name"/> is null) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..16];
        if (name.Length == 0 || name.Length > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Database name '{name}' must be 1-63 lower-case letters, digits or underscores.");
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var create = new NpgsqlCommand($"create database {name}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    /// <summary>Closes every connection whose application_name is <paramref name="applicationName"/>, as a crash would.</summary>
    public async Task TerminateConnectionsAsync(string applicationName, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var kill = new NpgsqlCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = @a and pid <> pg_backend_pid()", connection);
        kill.Parameters.AddWithValue("a", applicationName);
        await kill.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server immediately and (by default) deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_initialized)
        {
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], asPostgres: true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        if (_options.DeleteOnDispose)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static string FindBinaries(string? configured)
    {
        foreach (var candidate in new[] { configured, Environment.GetEnvironmentVariable("POSECLUSTER_PG_BIN") })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(Path.Combine(candidate, "pg_ctl")))
            {
                return candidate;
            }
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
        $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections={_options.MaxConnections}"
        + (_options.Ephemeral ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");

    private async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
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

        foreach (var (name, value) in _options.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken).ConfigureAwait(false) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}\n{log[Math.Max(0, log.Length - 2000)..]}");
        }
    }
}
