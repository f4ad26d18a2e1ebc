using System.CommandLine;
using System.Diagnostics;
using PoseCluster.AppHost.Local;
using PoseCluster.AppHost.Setup;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Commands;

/// <summary>
/// <c>posecluster up</c>: a whole cluster on this machine (private PostgreSQL, silo processes, the RTSP camera
/// simulator, the cameras registered on it), health-gated, until Ctrl+C or SIGTERM: then the silos drain and leave and
/// every process stops; no process outlives the command.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var silos = new Option<string>("--silos") { Description = "Silos to start: class:count pairs (gpu:1,nuc:2) or a count of nuc silos.", DefaultValueFactory = _ => "gpu:1,nuc:2" };
        var cameras = new Option<int>("--cameras") { Description = "Simulated cameras to publish and register.", DefaultValueFactory = _ => 24 };
        var fps = new Option<double>("--fps") { Description = "Target frames per second of each camera.", DefaultValueFactory = _ => 5 };
        var simulated = new Option<double>("--simulated-cost-ms") { Description = "Simulate inference at this many ms per frame (no models; 0 = the real models).", DefaultValueFactory = _ => 0 };
        var portBase = new Option<int>("--port-base")
        {
            Description = "Fixed loopback ports: PostgreSQL on P, RTSP on P+1, extra processes from P+2, silos from P+10 (default: free ports).",
            DefaultValueFactory = _ => 0,
        };
        var source = new Option<string>("--camera-source") { Description = "rtsp (live streams from the GStreamer simulator) or replay (in-memory replay in each silo).", DefaultValueFactory = _ => "rtsp" };
        var videos = new Option<string[]>("--video") { Description = "Video for the cameras (repeatable; default: every shared video, round-robin).", AllowMultipleArgumentsPerToken = false };
        var logs = new Option<string?>("--logs") { Description = "Folder of the per-process logs (default: .posecluster/logs/RUN)." };
        var run = new Option<string?>("--run") { Description = "Run name (names the log folder .posecluster/logs/RUN; default: the start time)." };
        var command = new Command("up", "Run a local cluster: private PostgreSQL, silo processes, simulated RTSP cameras; until Ctrl+C.")
        {
            silos, cameras, fps, simulated, portBase, source, videos, run, logs,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async _ =>
            {
                using var signals = new TerminationSignals();
                var (password, passwordSource) = AdminPasswordFile.Resolve(Path.Combine(PoseClusterHome.RequireRoot(), ".posecluster", "up"));
                var options = new LocalClusterOptions
                {
                    Silos = [.. SiloGroup.ParseList(parse.GetValue(silos)!)],
                    Cameras = parse.GetValue(cameras),
                    CameraFps = parse.GetValue(fps),
                    SimulatedCostMs = parse.GetValue(simulated),
                    PortBase = parse.GetValue(portBase),
                    CameraSource = parse.GetValue(source)?.ToLowerInvariant() switch
                    {
                        "rtsp" => LocalCameraSource.Rtsp,
                        "replay" => LocalCameraSource.Replay,
                        var other => throw new ArgumentException($"Unknown camera source '{other}' (expected rtsp or replay)."),
                    },
                    Videos = [.. (parse.GetValue(videos) ?? []).Select(Path.GetFullPath)],
                    ExtraProcesses = [.. ExtraProcessCatalog.ForUp(password)],
                };
                if (parse.GetValue(run) is { } runName)
                {
                    options.RunName = runName;
                }

                if (parse.GetValue(logs) is { } logFolder)
                {
                    options.LogDirectory = Path.GetFullPath(logFolder);
                }

                options.Validate();
                var clock = Stopwatch.StartNew();
                Console.WriteLine($"up: run {options.RunName}: silos {string.Join(",", options.Silos)}, {options.Cameras} camera(s) ({options.CameraSource.ToString().ToLowerInvariant()}); logs in {options.Logs}");
                LocalCluster cluster;
                try
                {
                    await EnvironmentSetup.EnsureAsync(SetupProfile.Runtime, null, signals.Stop);
                    cluster = await LocalCluster.StartAsync(options, Console.Out, signals.Stop);
                }
                catch (OperationCanceledException) when (signals.Stop.IsCancellationRequested)
                {
                    Console.Error.WriteLine("up: cancelled during start; everything started was stopped");
                    return 130;
                }

                try
                {
                    var statuses = await cluster.WaitForCamerasAsync(TimeSpan.FromSeconds(60), signals.Stop);
                    await ClusterSummary.WriteAsync(cluster, statuses, Console.Out, signals.Stop);
                    Console.WriteLine();
                    Console.WriteLine($"up: dashboard and API from the gateway above (user admin, password {passwordSource})");
                    Console.WriteLine($"up: cluster ready in {clock.Elapsed.TotalSeconds:0.0} s; running until Ctrl+C (or SIGTERM)");
                    await Task.Delay(Timeout.Infinite, signals.Stop);
                }
                catch (OperationCanceledException) when (signals.Stop.IsCancellationRequested)
                {
                }
                finally
                {
                    await cluster.StopAsync(signals.Hurry);
                }

                return 0;
            },
            ct));
        return command;
    }
}
