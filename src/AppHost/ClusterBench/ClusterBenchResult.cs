using System.Text.Json.Nodes;

namespace PoseCluster.AppHost.ClusterBench;

/// <summary>Everything <c>bench cluster</c> measured; <see cref="ToJson"/> is the <c>--stats</c> file.</summary>
internal sealed record ClusterBenchResult
{
    /// <summary>The options it ran with.</summary>
    public required ClusterBenchOptions Options { get; init; }

    /// <summary>Frames per second each camera asked for.</summary>
    public required double CameraFps { get; init; }

    /// <summary>The one-silo phase.</summary>
    public required PhaseMeasurement One { get; init; }

    /// <summary>The scaled-out phase.</summary>
    public required PhaseMeasurement Scaled { get; init; }

    /// <summary>The kill, if one was asked for.</summary>
    public FailoverMeasurement? Failover { get; init; }

    /// <summary>Cameras registered at the start that the registry no longer holds at the end.</summary>
    public required int LostRegistrations { get; init; }

    /// <summary>Cameras with no result in the last seconds of the run.</summary>
    public required int NotStreamingAtEnd { get; init; }

    /// <summary>Frames of one camera accepted from two silos for overlapping times.</summary>
    public required DoubleOwnerReport DoubleOwners { get; init; }

    /// <summary>Pose messages recorded over the whole run.</summary>
    public required int PoseMessages { get; init; }

    /// <summary>This machine.</summary>
    public required string Machine { get; init; }

    /// <summary>The 1/5/15-minute load averages at the start and at the end (other work on the machine skews timings).</summary>
    public required string LoadAverage { get; init; }

    /// <summary>Wall time of the whole benchmark.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>fps_n / fps_1.</summary>
    public double Scaling => One.FramesPerSecond > 0 ? Scaled.FramesPerSecond / One.FramesPerSecond : 0;

    /// <summary>The results as JSON: the headline keys first, then the details.</summary>
    public JsonObject ToJson() => new()
    {
        ["fps_1"] = Round(One.FramesPerSecond),
        ["fps_n"] = Round(Scaled.FramesPerSecond),
        ["scaling"] = Round(Scaling),
        ["drop_rate"] = Round(Scaled.DropRate, 5),
        ["failover_s"] = Failover?.FailoverSeconds is { } f ? Round(f) : null,
        ["lost_registrations"] = LostRegistrations,
        ["double_owner_frames"] = DoubleOwners.Frames,
        ["silos"] = Options.Silos,
        ["cameras"] = Options.Cameras,
        ["camera_fps"] = CameraFps,
        ["demand_fps"] = Round(CameraFps * Options.Cameras),
        ["mode"] = Options.RealModels ? "real-models (topdown, ONNX Runtime on the CPU)" : $"simulated {Options.SimulatedCostMs} ms/frame (sleep)",
        ["nominal_silo_capacity_fps"] = Options.NominalSiloCapacity is { } c ? Round(c) : null,
        ["workers_per_silo"] = Options.Workers,
        ["silo_capacity"] = Options.ResolveSiloCapacity(),
        ["sources"] = "replay:// (each silo decodes each video once and replays it from memory: no ffmpeg decoder per camera)",
        ["phase_1"] = Phase(One),
        ["phase_n"] = Phase(Scaled),
        ["failover"] = Failover is null ? null : new JsonObject
        {
            ["killed"] = Failover.Killed,
            ["was_leader"] = Failover.WasLeader,
            ["orphaned_cameras"] = Failover.OrphanedCameras,
            ["recovered_cameras"] = Failover.Recovered,
            ["first_recovery_s"] = Failover.FirstRecoverySeconds is { } first ? Round(first) : null,
            ["failover_s"] = Failover.FailoverSeconds is { } all ? Round(all) : null,
            ["reactivated_s"] = Failover.ReactivatedSeconds is { } reactivated ? Round(reactivated) : null,
        },
        ["not_streaming_at_end"] = NotStreamingAtEnd,
        ["double_owner"] = new JsonObject
        {
            ["frames"] = DoubleOwners.Frames,
            ["overlapping_owner_pairs"] = DoubleOwners.OverlappingPairs,
            ["max_overlap_ms"] = Round(DoubleOwners.MaxOverlapMs),
            ["owner_intervals"] = DoubleOwners.Owners,
        },
        ["pose_messages"] = PoseMessages,
        ["machine"] = Machine,
        ["load_average"] = LoadAverage,
        ["duration_s"] = Round(DurationSeconds),
    };

    private static JsonObject Phase(PhaseMeasurement p) => new()
    {
        ["window_s"] = Round(p.WindowSeconds),
        ["frames_out"] = p.FramesOut,
        ["fps"] = Round(p.FramesPerSecond),
        ["frames_in"] = p.FramesIn,
        ["frames_dropped"] = p.FramesDropped,
        ["drop_rate"] = Round(p.DropRate, 5),
        ["stream_gap_rate"] = Round(p.StreamGapRate, 5),
        ["latency_p50_ms"] = Round(p.LatencyP50Ms),
        ["latency_p95_ms"] = Round(p.LatencyP95Ms),
        ["silo_cpu_cores"] = Round(p.SiloCpuCores),
    };

    private static double Round(double value, int digits = 3) => Math.Round(value, digits);
}
