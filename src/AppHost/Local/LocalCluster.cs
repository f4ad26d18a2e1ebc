using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PoseCluster.AppHost.Local.Simulators;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Local;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;
using PoseCluster.Grains.Camera;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.AppHost.Local;

/// <summary>
/// A whole cluster on this machine, every part a real process: a private PostgreSQL, silo processes
/// (<c>dotnet PoseCluster.Silo.dll</c>), extra processes (the gateway), the RTSP camera simulator, and the cameras
/// registered on it. Start-up is health-gated (each silo's <c>/health</c>); each process logs to
/// <c>.posecluster/logs/RUN/NAME.log</c>. Nothing outlives the launcher: every process runs in its own process group,
/// <see cref="StopAsync"/> drains the silos then kills what is left of each group, an <see cref="OrphanGuard"/> ends
/// everything if the launcher dies, and silos also watch their parent.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>How a silo announces its bound address (it listens on port 0 unless a port base is set).</summary>
    public const string SiloAddressPattern = @"serving .* at (?<address>https?://\S+)$";

    private readonly LocalClusterOptions _options;
    private readonly TextWriter _progress;
    private readonly Lock _gate = new();
    private readonly List<ClusterSilo> _silos = [];
    private readonly List<LocalProcess> _extras = [];
    private readonly CancellationTokenSource _running = new();
    private readonly Dictionary<string, string?> _environment;
    private OrphanGuard? _guard;
    private PostgresServer? _postgres;
    private IClusterStore? _store;
    private LocalProcess? _simulatorProcess;
    private int _silosStarted;
    private bool _stopping;

    private LocalCluster(LocalClusterOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;
        // Every child gets the run's marker and the same home (so silos and launcher share the credential key file).
        _environment = new Dictionary<string, string?>
        {
            [LocalClusterOptions.RunMarkerVariable] = options.RunName,
            ["POSECLUSTER_HOME"] = options.Home,
            ["POSECLUSTER_STORE"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
    }

    /// <summary>The options it runs with.</summary>
    public LocalClusterOptions Options => _options;

    /// <summary>The store's connection string (loopback PostgreSQL, trust authentication: no password).</summary>
    public string Store { get; private set; } = "";

    /// <summary>The store, open for the launcher (registry, assignments, silos).</summary>
    public IClusterStore Registry => _store ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The private PostgreSQL server.</summary>
    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The silos started so far (killed ones included).</summary>
    public IReadOnlyList<ClusterSilo> Silos
    {
        get
        {
            lock (_gate)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>The extra processes.</summary>
    public IReadOnlyList<LocalProcess> ExtraProcesses
    {
        get
        {
            lock (_gate)
            {
                return [.. _extras];
            }
        }
    }

    /// <summary>The RTSP camera simulator, when the cameras are RTSP streams.</summary>
    public RtspCameraSimulator? Simulator { get; private set; }

    /// <summary>The simulator's process (replaced when it is restarted).</summary>
    public LocalProcess? SimulatorProcess => Volatile.Read(ref _simulatorProcess);

    /// <summary>The registered cameras.</summary>
    public IReadOnlyList<CameraRecord> Cameras { get; private set; } = [];

    /// <summary>Starts everything, health-gated, and registers the cameras. On failure, whatever started is stopped.</summary>
    public static async Task<LocalCluster> StartAsync(LocalClusterOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var cluster = new LocalCluster(options, progress);
        try
        {
            await cluster.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts one more silo of <paramref name="nodeClass"/> and waits until it is healthy.</summary>
    public async Task<ClusterSilo> AddSiloAsync(NodeClass nodeClass, CancellationToken cancellationToken)
    {
        var silo = StartSilo(null, nodeClass);
        await WaitHealthyAsync(silo, cancellationToken).ConfigureAwait(false);
        return silo;
    }

    /// <summary>kill -9 of a silo's process group: no drain, no goodbye (its cameras fail over after the death window).</summary>
    public void Kill(ClusterSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.KilledOnPurpose = true;
        silo.Process.Kill();
    }

    /// <summary>
    /// Waits until every registered camera streams (it runs on a silo and has published a frame) or
    /// <paramref name="timeout"/> passes; returns the status of every running camera.
    /// </summary>
    public async Task<IReadOnlyList<CameraStatus>> WaitForCamerasAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var statuses = await CameraStatusesAsync(cancellationToken).ConfigureAwait(false);
            var streaming = statuses.Where(s => s.State == "streaming" && s.FramesOut > 0).Select(s => s.CameraId).ToHashSet();
            if (Cameras.All(c => streaming.Contains(c.Id)) || clock.Elapsed > timeout)
            {
                return statuses;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The status of every camera running on a live silo.</summary>
    public async Task<IReadOnlyList<CameraStatus>> CameraStatusesAsync(CancellationToken cancellationToken)
    {
        var live = Silos.Where(s => s.Address is not null && !s.Process.HasExited).ToList();
        var answers = await Task.WhenAll(live.Select(s => SiloApiClient.GetCamerasAsync(s.Address!, cancellationToken))).ConfigureAwait(false);
        return answers.SelectMany(a => a).ToList();
    }

    /// <summary>
    /// Stops everything, silos first: SIGTERM (each drains and leaves the cluster) with the stop grace to exit, then
    /// SIGKILL to whatever is left of each process group; then the extra processes, the simulator and PostgreSQL.
    /// <paramref name="hurry"/> cuts the graceful waits short. Safe to call twice.
    /// </summary>
    public async Task StopAsync(CancellationToken hurry)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        await _running.CancelAsync().ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var grace = hurry.IsCancellationRequested ? TimeSpan.Zero : _options.StopGrace;
        var silos = Silos;
        await Task.WhenAll(silos.Select(s => StopProcessAsync(s.Process, grace, hurry))).ConfigureAwait(false);
        foreach (var extra in ExtraProcesses.Reverse())
        {
            await StopProcessAsync(extra, grace, hurry).ConfigureAwait(false);
        }

        if (SimulatorProcess is { } simulator)
        {
            await StopProcessAsync(simulator, grace, hurry).ConfigureAwait(false);
        }

        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        if (_postgres is not null)
        {
            try
            {
                if (File.Exists(_postgres.LogFile))
                {
                    File.Copy(_postgres.LogFile, Path.Combine(_options.Logs, "postgres.log"), overwrite: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The server log is a convenience.
            }

            await _postgres.DisposeAsync().ConfigureAwait(false);
        }

        if (_guard is not null)
        {
            await _guard.DisposeAsync().ConfigureAwait(false);
        }

        if (silos.Count > 0)
        {
            Report($"stopped {silos.Count} silo(s), {ExtraProcesses.Count + (SimulatorProcess is null ? 0 : 1)} other process(es) and PostgreSQL in {clock.Elapsed.TotalSeconds:0.0} s; logs in {_options.Logs}");
        }

        _running.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task StopProcessAsync(LocalProcess process, TimeSpan grace, CancellationToken hurry)
    {
        try
        {
            await process.StopAsync(grace, hurry).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to hurry: no more waiting for a graceful exit.
            process.Kill();
        }
        catch (TimeoutException e)
        {
            // Keep stopping the others; the guard still holds this group.
            Report($"{process.Name}: {e.Message}");
        }
        finally
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.Logs);
        var marker = new Dictionary<string, string> { [LocalClusterOptions.RunMarkerVariable] = _options.RunName };
        _guard = OrphanGuard.Start(TimeSpan.FromSeconds(5), marker);

        var clock = Stopwatch.StartNew();
        _postgres = new PostgresServer(new PostgresServerOptions { Port = _options.PortBase, Environment = marker });
        _guard.RemoveOnAbandon(_postgres.RootDirectory);
        await _postgres.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (_postgres.ServerProcessId is { } postmaster)
        {
            _guard.Watch(postmaster, ProcessSignal.Interrupt);
        }

        Store = await _postgres.CreateDatabaseAsync("posecluster", cancellationToken).ConfigureAwait(false);
        var storeOptions = StoreAddress.Parse(Store);
        storeOptions.ApplicationName = "posecluster-launcher";
        var secrets = new SecretOptions { KeyFilePath = Path.Combine(_options.Home, ".posecluster", "secret.key") };
        _store = await ClusterStoreFactory.OpenAsync(storeOptions, CredentialProtector.FromOptions(secrets), cancellationToken: cancellationToken).ConfigureAwait(false);
        Report($"postgres: private server on 127.0.0.1:{_postgres.Port} ({clock.Elapsed.TotalSeconds:0.0} s)");

        // The simulator prepares and starts while the silos start.
        var simulatorReady = _options.Cameras > 0 && _options.CameraSource == LocalCameraSource.Rtsp
            ? StartSimulatorAsync(cancellationToken)
            : Task.CompletedTask;
        var silos = _options.SiloNames().Select(s => StartSilo(s.Name, s.Class)).ToList();
        await Task.WhenAll(silos.Select(s => WaitHealthyAsync(s, cancellationToken))).ConfigureAwait(false);
        await simulatorReady.ConfigureAwait(false);

        var variables = new ClusterVariables(Store, _options.BinDirectory, _options.Home, _options.Logs);
        for (var i = 0; i < _options.ExtraProcesses.Count; i++)
        {
            var template = _options.ExtraProcesses[i];
            var port = _options.PortBase > 0 ? _options.PortBase + 2 + i : FreePort();
            var spec = variables.Apply(template, port, LogFileOf(template.Name), _environment);
            var started = Stopwatch.StartNew();
            var process = StartWatched(spec);
            lock (_gate)
            {
                _extras.Add(process);
            }

            var address = await HealthGate.WaitAsync(process, spec.StartTimeout, cancellationToken).ConfigureAwait(false);
            Report($"{spec.Name}: healthy{(spec.HealthUrl is { } h ? " at " + h.Replace("{address}", address ?? "", StringComparison.Ordinal) : "")} ({started.Elapsed.TotalSeconds:0.0} s)");
        }

        if (_options.Cameras > 0)
        {
            await RegisterCamerasAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a silo process; a null name takes the next free one of its class (nuc3 after nuc2).</summary>
    private ClusterSilo StartSilo(string? name, NodeClass nodeClass)
    {
        lock (_gate)
        {
            name ??= string.Create(CultureInfo.InvariantCulture, $"{WireNames.Of(nodeClass)}{_silos.Count(s => s.Class == nodeClass) + 1}");
            return StartSiloLocked(name, nodeClass);
        }
    }

    private ClusterSilo StartSiloLocked(string name, NodeClass nodeClass)
    {
        var index = _silosStarted++;
        var port = _options.PortBase > 0 ? _options.PortBase + 10 + index : 0;
        var arguments = new List<string>
        {
            Path.Combine(_options.BinDirectory, "PoseCluster.Silo.dll"),
            "--name", name,
            "--class", WireNames.Of(nodeClass),
            "--listen", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            "--store", Store,
            "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        if (_options.SimulatedCostMs > 0)
        {
            arguments.AddRange(["--simulated-cost-ms", _options.SimulatedCostMs.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(_options.SiloArguments);
        var spec = new LocalProcessSpec
        {
            Name = name,
            FileName = DotnetHost(),
            Arguments = arguments,
            Environment = _environment,
            LogFile = LogFileOf(name),
            AddressPattern = SiloAddressPattern,
            HealthUrl = "{address}/health",
            StartTimeout = _options.StartTimeout,
            StopGrace = _options.StopGrace,
        };
        ClusterSilo? silo = null;
        silo = new ClusterSilo(name, nodeClass, StartWatched(spec, () => silo?.KilledOnPurpose == true));
        _silos.Add(silo);
        return silo;
    }

    private async Task WaitHealthyAsync(ClusterSilo silo, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        silo.Address = await HealthGate.WaitAsync(silo.Process, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        Report($"silo {silo.Name} ({WireNames.Of(silo.Class)}): healthy at {silo.Address} ({clock.Elapsed.TotalSeconds:0.0} s)");
    }

    private async Task StartSimulatorAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var videos = _options.Videos.Count > 0 ? _options.Videos : LocalVideos.Shared();
        var port = _options.PortBase > 0 ? _options.PortBase + 1 : FreePort();
        Simulator = await RtspCameraSimulator.PrepareAsync(
            videos,
            CameraNames(),
            port,
            _options.SimulatorFps,
            _options.SimulatorHeight,
            Path.Combine(_options.Home, ".posecluster", "cache", "camera-clips"),
            cancellationToken).ConfigureAwait(false);
        var process = StartWatched(Simulator.Spec(LogFileOf("cameras"), _environment));
        Volatile.Write(ref _simulatorProcess, process);
        await HealthGate.WaitAsync(process, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        Report($"cameras: RTSP simulator with {Simulator.Mounts.Count} streams at rtsp://127.0.0.1:{port}/ ({clock.Elapsed.TotalSeconds:0.0} s)");
    }

    private async Task RegisterCamerasAsync(CancellationToken cancellationToken)
    {
        var names = CameraNames();
        var videos = _options.Videos.Count > 0 ? _options.Videos : LocalVideos.Shared();
        var definitions = names.Select((name, i) => new CameraDefinition
        {
            Name = name,
            SourceUrl = Simulator is { } simulator ? simulator.UrlOf(name) : "replay://" + videos[i % videos.Count],
            TargetFps = _options.CameraFps,
        });
        var result = await CameraRegistration.EnsureAsync(Registry, definitions, cancellationToken).ConfigureAwait(false);
        Cameras = result.Cameras;
        Report($"cameras: {result.Cameras.Count} registered ({result.Added} added, {result.Updated} updated, {result.Unchanged} already there) at {_options.CameraFps.ToString(CultureInfo.InvariantCulture)} fps");
    }

    private List<string> CameraNames() =>
        Enumerable.Range(1, _options.Cameras).Select(i => string.Create(CultureInfo.InvariantCulture, $"{_options.CameraPrefix}{i:00}")).ToList();

    private string LogFileOf(string name) => Path.Combine(_options.Logs, name + ".log");

    /// <summary>Starts a process under the guard and reports (or, for a simulator, restarts) it if it exits while the cluster runs.</summary>
    private LocalProcess StartWatched(LocalProcessSpec spec, Func<bool>? expectedExit = null)
    {
        var process = LocalProcess.Start(spec, _guard);
        _ = WatchAsync(process, expectedExit);
        return process;
    }

    private async Task WatchAsync(LocalProcess process, Func<bool>? expectedExit)
    {
        var code = await process.Exited.ConfigureAwait(false);
        if (_running.IsCancellationRequested || expectedExit?.Invoke() == true)
        {
            return;
        }

        Report($"{process.Name}: exited with code {code} (log: {process.Spec.LogFile}){(process.Spec.RestartOnExit ? "; restarting" : "")}");
        if (!process.Spec.RestartOnExit)
        {
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _running.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        await process.DisposeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            // Under the lock, so a stop that has begun never misses the new process.
            if (_stopping)
            {
                return;
            }

            var restarted = StartWatched(process.Spec);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _simulatorProcess, restarted, process), process))
            {
                return;
            }

            var at = _extras.IndexOf(process);
            if (at >= 0)
            {
                _extras[at] = restarted;
            }
        }
    }

    private void Report(string line)
    {
        lock (_progress)
        {
            try
            {
                _progress.WriteLine(line);
            }
            catch (IOException)
            {
                // The terminal went away (SIGHUP): the cluster still has to be stopped.
            }
        }
    }
}
