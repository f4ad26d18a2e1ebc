using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PoseCluster.AppHost.ClusterBench;
using PoseCluster.AppHost.Local;
using PoseCluster.AppHost.Setup;

namespace PoseCluster.AppHost.Commands;

/// <summary>
/// <c>posecluster bench cluster</c>: the cluster acceptance scenario anyone can rerun: a private PostgreSQL and silo
/// processes on loopback, one silo then N, one killed with SIGKILL; writes fps_1, fps_n, scaling, drop_rate, failover_s,
/// lost_registrations and double_owner_frames as JSON.
/// </summary>
internal static class ClusterBenchCommand
{
    public static Command Create()
    {
        var defaults = new ClusterBenchOptions();
        var silos = new Option<int>("--silos") { Description = "Silos of the scaled-out phase.", DefaultValueFactory = _ => defaults.Silos };
        var cameras = new Option<int>("--cameras") { Description = "Cameras (replay:// sources of the shared videos, looped).", DefaultValueFactory = _ => defaults.Cameras };
        var cost = new Option<double>("--simulated-cost-ms") { Description = "Simulated inference cost per frame (a sleep, so silos do not fight over the cores).", DefaultValueFactory = _ => defaults.SimulatedCostMs };
        var realModels = new Option<bool>("--real-models") { Description = "Run the real topdown pipeline (ONNX models) instead of the simulated cost." };
        var killAfter = new Option<double>("--kill-one-after") { Description = "Seconds the scaled-out cluster is measured before one silo gets SIGKILL (0 = no kill).", DefaultValueFactory = _ => defaults.KillOneAfter };
        var stats = new Option<string?>("--stats") { Description = "Write the results as JSON here." };
        var fps = new Option<double?>("--fps") { Description = $"Camera frame rate (default: {defaults.TargetUtilization:0.##} of the scaled-out cluster's nominal capacity; 0.25 with --real-models)." };
        var utilization = new Option<double>("--target-utilization") { Description = "Share of the scaled-out cluster's nominal capacity the cameras ask for (automatic rate).", DefaultValueFactory = _ => defaults.TargetUtilization };
        var workers = new Option<int>("--workers") { Description = "Inference workers per silo.", DefaultValueFactory = _ => defaults.Workers };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of settling before each measurement.", DefaultValueFactory = _ => defaults.WarmupSeconds };
        var measure = new Option<double>("--measure") { Description = "Seconds the one-silo phase is measured.", DefaultValueFactory = _ => defaults.MeasureSeconds };
        var videos = new Option<string[]>("--video") { Description = "Video the cameras replay (repeatable; default: every shared video, round-robin)." };
        var frameWidth = new Option<int>("--frame-width") { Description = "Width the silos scale the replayed frames to.", DefaultValueFactory = _ => defaults.FrameWidth };
        var capacity = new Option<double?>("--capacity") { Description = "Capacity each silo declares to placement, frames/s (default: the nominal capacity; 10 with --real-models)." };
        var logs = new Option<string?>("--logs") { Description = "Folder of the per-process logs (default: .posecluster/logs/RUN)." };
        var run = new Option<string?>("--run") { Description = "Run name (log folder .posecluster/logs/RUN)." };
        var command = new Command("cluster", "Cluster scale-out and failover: 1 silo vs N silo processes on a private PostgreSQL, then kill -9 of one; JSON results.")
        {
            silos, cameras, cost, realModels, killAfter, stats, fps, utilization, workers, warmup, measure, videos, frameWidth, capacity, run, logs,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async _ =>
            {
                using var signals = new TerminationSignals();
                var options = new ClusterBenchOptions
                {
                    Silos = parse.GetValue(silos),
                    Cameras = parse.GetValue(cameras),
                    SimulatedCostMs = parse.GetValue(cost),
                    RealModels = parse.GetValue(realModels),
                    KillOneAfter = parse.GetValue(killAfter),
                    StatsFile = parse.GetValue(stats),
                    CameraFps = parse.GetValue(fps),
                    TargetUtilization = parse.GetValue(utilization),
                    Workers = parse.GetValue(workers),
                    WarmupSeconds = parse.GetValue(warmup),
                    MeasureSeconds = parse.GetValue(measure),
                    Videos = [.. (parse.GetValue(videos) ?? []).Select(Path.GetFullPath)],
                    FrameWidth = parse.GetValue(frameWidth),
                    SiloCapacity = parse.GetValue(capacity),
                    LogDirectory = parse.GetValue(logs) is { } logFolder ? Path.GetFullPath(logFolder) : null,
                };
                if (parse.GetValue(run) is { } runName)
                {
                    options.RunName = runName;
                }

                options.Validate();
                ClusterBenchResult result;
                try
                {
                    await EnvironmentSetup.EnsureAsync(SetupProfile.Runtime, null, signals.Stop);
                    result = await ClusterBenchmark.RunAsync(options, Console.Out, signals.Stop, signals.Hurry);
                }
                catch (OperationCanceledException) when (signals.Stop.IsCancellationRequested)
                {
                    Console.Error.WriteLine("bench cluster: cancelled; every process was stopped");
                    return 130;
                }

                var json = result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true });
                Console.WriteLine(json);
                Console.WriteLine("bench cluster: " + ClusterBenchmark.Verdict(result));
                if (options.StatsFile is { } path)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                    await File.WriteAllTextAsync(path, json + "\n", CancellationToken.None);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench cluster: results written to {path}"));
                }

                return 0;
            },
            ct));
        return command;
    }
}
