using System.Globalization;

namespace PoseCluster.AppHost.ClusterBench;

/// <summary>
/// The cluster scale-out scenario (<c>posecluster bench cluster</c>): how many silos and cameras, the simulated cost,
/// the phase lengths and the kill. <see cref="Validate"/> names the first invalid option in one sentence.
/// </summary>
internal sealed class ClusterBenchOptions
{
    /// <summary>Silos of the scaled-out phase. Default 3.</summary>
    public int Silos { get; set; } = 3;

    /// <summary>Cameras (<c>replay://</c> sources, the shared videos round-robin). Default 48.</summary>
    public int Cameras { get; set; } = 48;

    /// <summary>Simulated inference cost per frame (sleep), ignored with <see cref="RealModels"/>. Default 20 ms.</summary>
    public double SimulatedCostMs { get; set; } = 20;

    /// <summary>Run the real topdown pipeline (ONNX models) instead of the simulated cost. Default false.</summary>
    public bool RealModels { get; set; }

    /// <summary>
    /// Target frames per second of each camera. Default null: with the simulated cost, the rate at which the
    /// scaled-out cluster runs at <see cref="TargetUtilization"/> (so one silo is saturated and all of them keep up);
    /// with the real models, 0.25 (48 cameras ask 12 frames/s: more than one silo's single inference thread serves,
    /// about what two cores can).
    /// </summary>
    public double? CameraFps { get; set; }

    /// <summary>Share of the scaled-out cluster's nominal capacity the cameras ask for (automatic rate). Default 0.93.</summary>
    public double TargetUtilization { get; set; } = 0.93;

    /// <summary>Inference workers per silo. Default 1.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>
    /// Each silo's declared capacity in frames per second (what placement balances on). Default null: the nominal
    /// capacity with the simulated cost, 10 with the real models (about what one silo does on a small CPU).
    /// </summary>
    public double? SiloCapacity { get; set; }

    /// <summary>Frames are scaled to this width when the silos decode the clips. Default 480.</summary>
    public int FrameWidth { get; set; } = 480;

    /// <summary>Settling time before each measurement. Default 5 s.</summary>
    public double WarmupSeconds { get; set; } = 5;

    /// <summary>Length of the one-silo measurement (and of the scaled-out one when nothing is killed). Default 20 s.</summary>
    public double MeasureSeconds { get; set; } = 20;

    /// <summary>
    /// Seconds the scaled-out cluster is measured before one silo is killed with SIGKILL. Default 30; 0 = no kill
    /// (the scaled-out phase then lasts <see cref="MeasureSeconds"/>).
    /// </summary>
    public double KillOneAfter { get; set; } = 30;

    /// <summary>Longest wait for the killed silo's cameras to stream again. Default 30 s.</summary>
    public double FailoverTimeoutSeconds { get; set; } = 30;

    /// <summary>How long the survivors are watched after the failover (late double owners would show here). Default 5 s.</summary>
    public double ObserveAfterFailoverSeconds { get; set; } = 5;

    /// <summary>Videos the cameras replay. Default: every shared video.</summary>
    public List<string> Videos { get; set; } = [];

    /// <summary>More arguments for every silo. Default none.</summary>
    public List<string> SiloArguments { get; set; } = [];

    /// <summary>Where the JSON results go. Default null: printed only.</summary>
    public string? StatsFile { get; set; }

    /// <summary>Folder of the per-process logs. Default null: <c>.posecluster/logs/RUN</c>.</summary>
    public string? LogDirectory { get; set; }

    /// <summary>Run name (log folder). Default <c>bench-</c> and the start time.</summary>
    public string RunName { get; set; } = "bench-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>Frames per second one silo serves on paper with the simulated cost (workers x 1000 / cost); null with the real models.</summary>
    public double? NominalSiloCapacity => RealModels ? null : Workers * 1000.0 / SimulatedCostMs;

    /// <summary>The capacity the silos declare (see <see cref="SiloCapacity"/>).</summary>
    public double ResolveSiloCapacity() => SiloCapacity ?? NominalSiloCapacity ?? 10;

    /// <summary>The camera rate to use (see <see cref="CameraFps"/>), rounded to 0.01.</summary>
    public double ResolveCameraFps() =>
        CameraFps ?? (NominalSiloCapacity is { } capacity ? Math.Round(TargetUtilization * Silos * capacity / Cameras, 2) : 0.25);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Silos is < 2 or > 16)
        {
            throw new ArgumentException($"--silos must be between 2 and 16 (was {Silos}): the benchmark compares one silo with several.");
        }

        if (Cameras is < 1 or > 500)
        {
            throw new ArgumentException($"--cameras must be between 1 and 500 (was {Cameras}).");
        }

        if (!RealModels && (!double.IsFinite(SimulatedCostMs) || SimulatedCostMs is < 1 or > 10_000))
        {
            throw new ArgumentException("--simulated-cost-ms must be between 1 and 10000 (or use --real-models).");
        }

        if (CameraFps is { } fps && (!double.IsFinite(fps) || fps is <= 0 or > 60))
        {
            throw new ArgumentException("--fps must be above 0 and at most 60.");
        }

        if (!double.IsFinite(TargetUtilization) || TargetUtilization is <= 0.1 or > 1.5)
        {
            throw new ArgumentException("--target-utilization must be above 0.1 and at most 1.5.");
        }

        if (SiloCapacity is { } capacity && (!double.IsFinite(capacity) || capacity is <= 0 or > 100_000))
        {
            throw new ArgumentException("--capacity must be above 0.");
        }

        if (Workers is < 1 or > 16 || FrameWidth is < 64 or > 4096)
        {
            throw new ArgumentException("--workers must be 1-16 and --frame-width 64-4096.");
        }

        if (WarmupSeconds < 0 || MeasureSeconds < 2 || KillOneAfter is < 0 or (> 0 and < 3) || FailoverTimeoutSeconds < 1 || ObserveAfterFailoverSeconds < 0)
        {
            throw new ArgumentException("The phases need --warmup >= 0, --measure >= 2 s, --kill-one-after 0 or >= 3 s.");
        }

        if (ResolveCameraFps() is var resolved && resolved is <= 0 or > 60)
        {
            throw new ArgumentException($"The automatic camera rate ({resolved.ToString(CultureInfo.InvariantCulture)} fps) is out of range: pass --fps.");
        }
    }
}
