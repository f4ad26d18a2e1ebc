using System.Diagnostics;
using System.Globalization;
using PoseCluster.AppHost.Commands;
using PoseCluster.AppHost.Local;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;

namespace PoseCluster.AppHost.ClusterBench;

/// <summary>
/// The cluster acceptance scenario on this machine, every silo a real process on a private PostgreSQL:
/// <list type="number">
/// <item>one silo runs every camera (saturated): frames/s out = <c>fps_1</c>;</item>
/// <item>N−1 more silos join, placement rebalances: frames/s out = <c>fps_n</c>, and the losses at that rate;</item>
/// <item>one silo gets SIGKILL: the time until each of its cameras produces results on a survivor;</item>
/// <item>over the whole run, from every silo's pose stream: frames of one camera accepted from two silos for
/// overlapping capture times, and at the end, registrations lost.</item>
/// </list>
/// </summary>
internal static class ClusterBenchmark
{
    /// <summary>Runs the scenario; <paramref name="stop"/> aborts it (the cluster is stopped either way).</summary>
    public static async Task<ClusterBenchResult> RunAsync(ClusterBenchOptions options, TextWriter output, CancellationToken stop, CancellationToken hurry)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var loadAtStart = LoadAverage();
        var fps = options.ResolveCameraFps();
        var cluster = new LocalClusterOptions
        {
            RunName = options.RunName,
            LogDirectory = options.LogDirectory,
            Silos = [new SiloGroup(NodeClass.Nuc, 1)],
            SimulatedCostMs = options.RealModels ? 0 : options.SimulatedCostMs,
            SiloArguments =
            [
                "--frame-width", options.FrameWidth.ToString(CultureInfo.InvariantCulture),
                "--workers", options.Workers.ToString(CultureInfo.InvariantCulture),
                "--capacity", options.ResolveSiloCapacity().ToString(CultureInfo.InvariantCulture),
                .. options.SiloArguments,
            ],
            Cameras = options.Cameras,
            CameraFps = fps,
            CameraSource = LocalCameraSource.Replay,
            CameraPrefix = "bench",
            Videos = options.Videos,
        };
        var demand = fps * options.Cameras;
        var mode = options.RealModels
            ? "real models (topdown)"
            : string.Create(CultureInfo.InvariantCulture, $"simulated inference {options.SimulatedCostMs} ms/frame (sleep): one silo serves about {options.NominalSiloCapacity:0.#} frames/s");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench cluster: 1 then {options.Silos} silos, {options.Cameras} cameras at {fps} fps = {demand:0.#} frames/s asked; {mode}"));
        output.WriteLine("bench cluster: cameras are replay:// sources (the shared videos looped: each silo decodes each video once and replays it from memory, so the cameras need no ffmpeg decoders)");

        await using var local = await LocalCluster.StartAsync(cluster, output, stop).ConfigureAwait(false);
        try
        {
            await using var recorder = new PoseStreamRecorder();
            await recorder.SubscribeAsync(local.Silos[0].Address!, stop).ConfigureAwait(false);
            var registered = local.Cameras.ToDictionary(c => c.Id, c => c.Name);

            // Phase 1: one silo runs every camera.
            await WaitUntilAsync(() => recorder.Snapshot().Select(p => p.Camera).Distinct().Count() >= registered.Count, TimeSpan.FromSeconds(120), "every camera streaming on the first silo", stop).ConfigureAwait(false);
            output.WriteLine($"phase 1: every camera streams on {local.Silos[0].Name}; measuring for {options.MeasureSeconds:0.#} s after {options.WarmupSeconds:0.#} s of warm-up");
            var one = await MeasureAsync(local, recorder, options.WarmupSeconds, options.MeasureSeconds, stop).ConfigureAwait(false);
            output.WriteLine(Describe("phase 1", 1, one));

            // Phase N: the other silos join; placement moves cameras to them.
            var added = await Task.WhenAll(Enumerable.Range(0, options.Silos - 1).Select(_ => local.AddSiloAsync(NodeClass.Nuc, stop))).ConfigureAwait(false);
            foreach (var silo in added)
            {
                await recorder.SubscribeAsync(silo.Address!, stop).ConfigureAwait(false);
            }

            var settle = await WaitSettledAsync(local, stop).ConfigureAwait(false);
            output.WriteLine($"phase n: {options.Silos} silos, placement settled in {settle.TotalSeconds:0.0} s ({await PlacementAsync(local, stop).ConfigureAwait(false)})");
            // The window ends a second before the kill, so frames in flight on the victim are not counted as losses.
            var window = options.KillOneAfter > 0 ? options.KillOneAfter - 1 : options.MeasureSeconds;
            var scaled = await MeasureAsync(local, recorder, options.WarmupSeconds, window, stop).ConfigureAwait(false);
            output.WriteLine(Describe("phase n", options.Silos, scaled));

            FailoverMeasurement? failover = null;
            if (options.KillOneAfter > 0)
            {
                failover = await KillOneAsync(local, recorder, options, output, stop).ConfigureAwait(false);
            }

            // The end: registrations and who still streams.
            var atEnd = (await local.Registry.ListCamerasAsync(null, stop).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.Name);
            var lost = registered.Count(c => !atEnd.TryGetValue(c.Key, out var name) || name != c.Value);
            var poses = recorder.Snapshot();
            // "Streaming" = a pose within the last 3 s, or within 2.5 frame intervals for cameras slower than that.
            var recentFrom = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(Math.Max(3, 2.5 / fps));
            var streaming = poses.Where(p => p.ReceivedAt >= recentFrom).Select(p => p.Camera).ToHashSet();
            var doubleOwners = DoubleOwnerReport.Of(poses);
            return new ClusterBenchResult
            {
                Options = options,
                CameraFps = fps,
                One = one,
                Scaled = scaled,
                Failover = failover,
                LostRegistrations = lost,
                NotStreamingAtEnd = registered.Keys.Count(id => !streaming.Contains(id)),
                DoubleOwners = doubleOwners,
                PoseMessages = poses.Count,
                Machine = MachineDescription.Describe(),
                LoadAverage = $"{loadAtStart} at the start, {LoadAverage()} at the end",
                DurationSeconds = clock.Elapsed.TotalSeconds,
            };
        }
        finally
        {
            await local.StopAsync(hurry).ConfigureAwait(false);
        }
    }

    /// <summary>A one-line verdict against the acceptance targets.</summary>
    public static string Verdict(ClusterBenchResult r)
    {
        static string Mark(bool ok) => ok ? "ok" : "MISSED";
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"scaling {r.Scaling:0.00}x ({Mark(r.Scaling >= 0.9 * r.Options.Silos)} >= {0.9 * r.Options.Silos:0.0}x)"),
            string.Create(CultureInfo.InvariantCulture, $"drops {100 * r.Scaled.DropRate:0.00}% ({Mark(r.Scaled.DropRate < 0.01)} < 1%)"),
        };
        if (r.Failover is { } f)
        {
            parts.Add(f.FailoverSeconds is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"failover {s:0.00} s ({Mark(s < 5)} < 5 s)")
                : $"failover: {f.OrphanedCameras - f.Recovered} of {f.OrphanedCameras} cameras never came back (MISSED)");
        }

        parts.Add($"lost registrations {r.LostRegistrations} ({Mark(r.LostRegistrations == 0)})");
        parts.Add($"double-owner frames {r.DoubleOwners.Frames} ({Mark(r.DoubleOwners.Frames == 0)})");
        return string.Join("; ", parts);
    }

    private static async Task<PhaseMeasurement> MeasureAsync(LocalCluster cluster, PoseStreamRecorder recorder, double warmupSeconds, double seconds, CancellationToken stop)
    {
        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds), stop).ConfigureAwait(false);
        var silos = cluster.Silos.Where(s => !s.Process.HasExited).ToList();
        var atStart = await cluster.CameraStatusesAsync(stop).ConfigureAwait(false);
        var from = DateTimeOffset.UtcNow;
        var cpuFrom = silos.Sum(s => ProcessCpuTime.Seconds(s.Process.ProcessId));
        await Task.Delay(TimeSpan.FromSeconds(seconds), stop).ConfigureAwait(false);
        var to = DateTimeOffset.UtcNow;
        var cpu = silos.Sum(s => ProcessCpuTime.Seconds(s.Process.ProcessId)) - cpuFrom;
        var atEnd = await cluster.CameraStatusesAsync(stop).ConfigureAwait(false);
        // Frames captured near the end of the window are still in flight: let them arrive before counting.
        await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
        return PhaseMeasurement.Of(recorder.Snapshot(), from, to, atStart, atEnd, cpu / (to - from).TotalSeconds);
    }

    private static async Task<FailoverMeasurement> KillOneAsync(LocalCluster cluster, PoseStreamRecorder recorder, ClusterBenchOptions options, TextWriter output, CancellationToken stop)
    {
        var registry = cluster.Registry;
        var members = (await registry.ListSilosAsync(false, stop).ConfigureAwait(false)).Where(s => s.IsMember).ToList();
        var leader = await registry.GetLeaderAsync(stop).ConfigureAwait(false);
        var assignments = (await registry.ListAssignmentsAsync(null, stop).ConfigureAwait(false)).Where(a => a.Grain.Type == GrainTypes.Camera && a.SiloId is not null).ToList();

        // The silo with the most cameras (a follower before the leader when tied) is the victim.
        var victim = cluster.Silos.Where(s => !s.Process.HasExited)
            .Select(s => (Silo: s, Member: members.FirstOrDefault(m => m.Name == s.Name)))
            .Where(x => x.Member is not null)
            .OrderByDescending(x => assignments.Count(a => a.SiloId == x.Member!.Id))
            .ThenBy(x => leader?.SiloId == x.Member!.Id)
            .First();
        var orphaned = assignments.Where(a => a.SiloId == victim.Member!.Id).ToDictionary(a => Guid.Parse(a.Grain.Key), a => a.Epoch);
        var wasLeader = leader is { IsHeld: true } && leader.SiloId == victim.Member!.Id;
        var killedAt = DateTimeOffset.UtcNow;
        cluster.Kill(victim.Silo);
        output.WriteLine($"kill -9 {victim.Silo.Name} (pid {victim.Silo.Process.ProcessId}{(wasLeader ? ", the placement leader" : "")}) running {orphaned.Count} camera(s)");

        FailoverMeasurement Measure() => FailoverMeasurement.Of(recorder.Snapshot(), recorder.Statuses(), victim.Silo.Name, wasLeader, orphaned, killedAt);
        bool Recovered() => Measure().FailoverSeconds is not null;
        var deadline = Stopwatch.StartNew();
        while (!Recovered() && deadline.Elapsed.TotalSeconds < options.FailoverTimeoutSeconds)
        {
            await Task.Delay(50, stop).ConfigureAwait(false);
        }

        var measured = Measure();
        output.WriteLine(measured.FailoverSeconds is { } seconds
            ? string.Create(CultureInfo.InvariantCulture, $"failover: all {orphaned.Count} camera(s) produce results on the survivors {seconds:0.00} s after the kill (first after {measured.FirstRecoverySeconds:0.00} s; all reported streaming after {measured.ReactivatedSeconds:0.00} s)")
            : $"failover: {measured.Recovered} of {orphaned.Count} camera(s) came back within {options.FailoverTimeoutSeconds:0} s");
        await Task.Delay(TimeSpan.FromSeconds(options.ObserveAfterFailoverSeconds), stop).ConfigureAwait(false);
        return measured;
    }

    /// <summary>Waits (at most 30 s) until every live silo runs cameras and the assignments have not changed for two seconds.</summary>
    private static async Task<TimeSpan> WaitSettledAsync(LocalCluster cluster, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var members = (await cluster.Registry.ListSilosAsync(false, stop).ConfigureAwait(false)).Where(s => s.IsMember).ToList();
            var assignments = (await cluster.Registry.ListAssignmentsAsync(null, stop).ConfigureAwait(false)).Where(a => a.Grain.Type == GrainTypes.Camera).ToList();
            var state = string.Join(",", assignments.OrderBy(a => a.Grain.Key, StringComparer.Ordinal).Select(a => $"{a.SiloId}:{a.Epoch}"));
            if (state != last)
            {
                last = state;
                quiet.Restart();
            }

            var everyoneWorks = members.Count >= cluster.Silos.Count(s => !s.Process.HasExited) && members.All(m => assignments.Any(a => a.SiloId == m.Id));
            if (everyoneWorks && quiet.Elapsed > TimeSpan.FromSeconds(2))
            {
                return clock.Elapsed - quiet.Elapsed;
            }

            await Task.Delay(200, stop).ConfigureAwait(false);
        }

        // Measure anyway: the report shows the placement it got.
        return clock.Elapsed;
    }

    private static async Task<string> PlacementAsync(LocalCluster cluster, CancellationToken stop)
    {
        var members = (await cluster.Registry.ListSilosAsync(false, stop).ConfigureAwait(false)).ToDictionary(s => s.Id, s => s.Name);
        var assignments = await cluster.Registry.ListAssignmentsAsync(null, stop).ConfigureAwait(false);
        return string.Join(", ", assignments.Where(a => a.Grain.Type == GrainTypes.Camera && a.SiloId is not null)
            .GroupBy(a => members.GetValueOrDefault(a.SiloId!.Value, "?")).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()} cameras"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(100, stop).ConfigureAwait(false);
        }
    }

    private static string Describe(string phase, int silos, PhaseMeasurement m) => string.Create(
        CultureInfo.InvariantCulture,
        $"{phase}: {silos} silo(s): {m.FramesPerSecond:0.0} frames/s out, {100 * m.DropRate:0.00}% dropped ({m.FramesDropped} of {m.FramesIn} read; stream gaps {100 * m.StreamGapRate:0.00}%), latency p50 {m.LatencyP50Ms:0} ms / p95 {m.LatencyP95Ms:0} ms, silos used {m.SiloCpuCores:0.00} cores");

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
